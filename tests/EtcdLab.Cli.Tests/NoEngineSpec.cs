namespace EtcdLab.Cli.Tests;

/// <summary>Without a Docker engine the docker target says how to start one and exits 2.</summary>
[Collection("environment")]
public sealed class NoEngineSpec
{
    [Fact]
    public async Task Run_on_docker_without_an_engine_should_say_how_to_start_one_and_exit_2()
    {
        using var cli = new CliHarness();
        var previous = Environment.GetEnvironmentVariable("DOCKER_HOST");
        Environment.SetEnvironmentVariable("DOCKER_HOST", "unix:///tmp/etcdlab-no-such-docker.sock");
        try
        {
            var (exit, output) = await cli.RunAsync("run", CliHarness.Scenario("scenarios/replace-failed-member.yaml"), "--target", "docker", "--reports", cli.Reports, "--store", "none");
            Assert.True(exit == 2, output);
            Assert.Contains("dockerd", output);
            Assert.DoesNotContain("   at ", output);
            Assert.Empty(cli.RunFolders());
        }
        finally
        {
            Environment.SetEnvironmentVariable("DOCKER_HOST", previous);
        }
    }
}
