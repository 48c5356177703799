namespace EtcdLab.Driver.Tests;

public sealed class EtcdctlEnvironmentSpec
{
    [Theory]
    [InlineData("member|list", "", "member|list")]
    [InlineData("ETCDCTL_API=3|member|list", "ETCDCTL_API=3", "member|list")]
    [InlineData("ETCDCTL_API=2|etcdctl|member|list", "ETCDCTL_API=2", "member|list")]
    [InlineData("put|a=b|c", "", "put|a=b|c")]
    [InlineData("--endpoints=http://127.0.1.1:2379|get|k", "", "--endpoints=http://127.0.1.1:2379|get|k")]
    public void Leading_assignments_should_become_the_environment_and_the_rest_stay_as_given(string argv, string environment, string args)
    {
        var (env, rest) = DockerClusterTarget.SplitEnvironment(argv.Split('|'));
        Assert.Equal(environment.Length == 0 ? [] : environment.Split('|'), env);
        Assert.Equal(args.Split('|'), rest);
    }
}
