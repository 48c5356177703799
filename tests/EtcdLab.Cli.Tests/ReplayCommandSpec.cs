namespace EtcdLab.Cli.Tests;

/// <summary><c>etcdlab replay</c> on the simulator: the side-by-side table, the symptom verdict and the exit code,
/// with and without the right procedure, and bad input.</summary>
public sealed class ReplayCommandSpec : IDisposable
{
    private readonly CliHarness cli = new();

    private static string Incident(string name) => Path.Combine(CliHarness.RepoRoot, "incidents", name);

    public void Dispose()
    {
        if (Directory.Exists(cli.Reports)) Directory.Delete(cli.Reports, recursive: true);
        cli.Dispose();
    }

    [Fact]
    public async Task Replay_should_show_each_entry_beside_the_record_and_where_the_symptom_appeared()
    {
        var result = await cli.RunAsync("replay", Incident("k3s-dead-master-blocks-join"), "--seeds", "2", "--seed", "1", "--reports", cli.Reports, "--store", "none");

        Assert.Equal(0, result.Exit);
        Assert.Contains("7 of 7 timeline entries, on sim, seeds 1 to 2", result.Output);
        Assert.Matches(@"│ 4 +│ 2020-12-21 15:00:45\.903 │ etcdctl member add m3 .*│ etcdserver: unhealthy cluster +│ failed: expected success, got Error: etcdserver: unhealthy cluster", result.Output);
        Assert.Contains("reproduced 2/2 at entry 4: m1: Error: etcdserver: unhealthy cluster", result.Output);
        Assert.Contains("REPRODUCED  every symptom showed in 2 of 2 run(s)", result.Output);
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(cli.Reports, "runs"), "*replay-k3s-dead-master-blocks-join-sim-s*").Length);
    }

    [Fact]
    public async Task The_right_procedure_should_avoid_the_symptom()
    {
        var result = await cli.RunAsync("replay", Incident("k3s-dead-master-blocks-join"), "--then", "--seed", "1", "--reports", cli.Reports, "--store", "none");

        Assert.Equal(0, result.Exit);
        Assert.Contains("1 of 7 timeline entries, then the right procedure", result.Output);
        Assert.Contains("replaced by the right procedure", result.Output);
        Assert.Contains("absent (0/1)", result.Output);
        Assert.Contains("AVOIDED", result.Output);
    }

    [Fact]
    public async Task A_symptom_that_does_not_show_should_fail_the_replay_and_say_how_to_reproduce_it()
    {
        // Listed in the corpus as not reproducing in the lab (its README says why).
        var result = await cli.RunAsync("replay", Incident("wiped-member-restarted-tocommit"), "--seed", "3", "--reports", cli.Reports, "--store", "none");

        Assert.Equal(1, result.Exit);
        Assert.Contains("not reproduced (0/1)", result.Output);
        Assert.Contains("NOT REPRODUCED", result.Output);
        Assert.Contains("Reproduce: etcdlab replay ", result.Output);
    }

    [Theory]
    [InlineData("--seeds", "0", "--seeds 0: give 1 to 100")]
    [InlineData("--target", "vm", "--target vm: unknown target")]
    [InlineData("--from-entry", "99", "has entries 1 to 7")]
    [InlineData("--then", "scenarios/scale-up.yaml", "its hosts m4, m5 are not hosts of")]
    [InlineData("--max-gap", "soon", "--max-gap soon: give a duration")]
    public async Task Bad_input_should_exit_2_naming_what_to_do_and_write_nothing(string option, string value, string expected)
    {
        var result = await cli.RunAsync("replay", Incident("k3s-dead-master-blocks-join"), option, value.StartsWith("scenarios/") ? CliHarness.Scenario(value) : value, "--reports", cli.Reports);

        Assert.Equal(2, result.Exit);
        Assert.Contains(expected, result.Errors);
        Assert.False(Directory.Exists(Path.Combine(cli.Reports, "runs")) && Directory.EnumerateFileSystemEntries(Path.Combine(cli.Reports, "runs")).Any());
    }

    [Fact]
    public async Task An_incident_that_is_not_there_should_exit_2()
    {
        var result = await cli.RunAsync("replay", Path.Combine(cli.Reports, "no-such-incident"), "--reports", cli.Reports);

        Assert.Equal(2, result.Exit);
        Assert.Contains("no such incident folder or file", result.Errors);
    }
}
