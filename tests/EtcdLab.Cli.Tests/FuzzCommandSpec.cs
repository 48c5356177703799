using System.Text.RegularExpressions;
using EtcdLab.Cli.Output;
using EtcdLab.Fuzz.Benchmarks;

namespace EtcdLab.Cli.Tests;

public sealed partial class FuzzCommandSpec : IDisposable
{
    private readonly CliHarness _cli = new();
    private readonly string _planted;

    public FuzzCommandSpec()
    {
        var scenarios = Path.Combine(_cli.Reports, "scenarios");
        Directory.CreateDirectory(scenarios);
        _planted = Path.Combine(scenarios, "planted-weakness.yaml");
        File.WriteAllText(_planted, PlantedWeakness.Yaml);
    }

    [GeneratedRegex(@"Reproduce: (etcdlab run (\S+) --faults (\S+) --seed (\d+))")]
    private static partial Regex ReproduceLine();

    [Fact]
    public async Task Fuzz_should_find_the_planted_weakness_write_it_and_print_a_line_that_reproduces_it()
    {
        var profile = Path.Combine(_cli.Reports, "planted.yaml");
        File.WriteAllText(profile, "max-faults: 3\n");

        var result = await _cli.RunAsync("fuzz", _planted, "--runs", "3000", "--seed", "1", "--profile", profile, "--reports", _cli.Reports, "--store", "none");

        Assert.Equal(ExitCodes.Failed, result.Exit);
        Assert.Contains("SEED=1", result.Output);
        Assert.Contains("FOUND planted-weakness", result.Output);
        Assert.Matches(@"1\. (kill|isolate) m2 (from the other hosts )?right (after step 3 `wait 12s`|before step 4 `etcdctl endpoint health)", result.Output);
        var line = ReproduceLine().Match(result.Output);
        Assert.True(line.Success, result.Output);
        var folder = Path.GetDirectoryName(line.Groups[3].Value)!;
        foreach (var file in new[] { "schedule.yaml", "schedule.min.yaml", "finding.json" }) Assert.True(File.Exists(Path.Combine(folder, file)), file);
        var run = Assert.Single(Directory.GetDirectories(Path.Combine(folder, "runs")));
        Assert.True(File.Exists(Path.Combine(run, "events.jsonl")) && File.Exists(Path.Combine(run, "summary.json")));

        var replay = await _cli.RunAsync("run", line.Groups[2].Value, "--faults", line.Groups[3].Value, "--seed", line.Groups[4].Value, "--reports", _cli.Reports, "--store", "none");

        Assert.Equal(ExitCodes.Failed, replay.Exit);
        Assert.Matches(@"✗ +4 ", replay.Output);
    }

    [Fact]
    public async Task Fuzz_should_exit_0_when_no_schedule_breaks_the_scenario()
    {
        var result = await _cli.RunAsync("fuzz", CliHarness.Scenario("scenarios/restore-from-snapshot.yaml"), "--runs", "40", "--seed", "2", "--reports", _cli.Reports, "--store", "none");

        Assert.Equal(ExitCodes.Passed, result.Exit);
        Assert.Contains("ok    restore-from-snapshot: 40 runs", result.Output);
        Assert.Contains("Nothing found in 40 runs", result.Output);
    }

    [Fact]
    public async Task Exhaustive_should_print_the_fault_map_with_the_weak_spot_in_its_cell()
    {
        var profile = Path.Combine(_cli.Reports, "crash.yaml");
        File.WriteAllText(profile, "kinds: [crash]\ntargets: [host]\nduration: 2s\n");

        var result = await _cli.RunAsync("fuzz", _planted, "--exhaustive", "1", "--profile", profile, "--seed", "1");

        Assert.Equal(ExitCodes.Failed, result.Exit);
        Assert.Contains("Fault map of planted-weakness", result.Output);
        Assert.Contains("1 weak spot(s) of 40 runs", result.Output);
        Assert.Contains("crash m2 right before step 4 breaks procedure-completes", result.Output);
    }

    [Theory]
    [InlineData("--exhaustive", "3", "use 1 (every single fault at every step) or 2")]
    [InlineData("--profile", "gentle", "no shipped profile of that name (default, harsh, swarm)")]
    [InlineData("--confirm", "podman:2", "minimal schedules are confirmed on docker")]
    [InlineData("--confirm", "docker:0", "N is how many Docker runs")]
    [InlineData("--runs", "0", "give at least 1")]
    [InlineData("--time", "soon", "give a wall time such as 30s")]
    [InlineData("--max-faults", "40", "from 1 to 16")]
    public async Task Bad_option_should_exit_2_saying_what_to_give(string option, string value, string message)
    {
        var result = await _cli.RunAsync("fuzz", _planted, option, value, "--reports", _cli.Reports, "--store", "none");

        Assert.Equal(ExitCodes.BadInput, result.Exit);
        Assert.Contains(message, result.Errors);
        Assert.False(Directory.Exists(Path.Combine(_cli.Reports, "fuzz")));
    }

    [Fact]
    public async Task Exhaustive_pairs_past_the_bound_should_be_refused_with_their_count()
    {
        var result = await _cli.RunAsync("fuzz", CliHarness.Scenario("scenarios/replace-failed-member.yaml"), "--exhaustive", "2", "--seed", "1");

        Assert.Equal(ExitCodes.BadInput, result.Exit);
        Assert.Matches(@"would run [\d,]+ pairs \(312 single faults: 13 steps x 24 faults\), more than the 25,000", result.Errors);
    }

    public void Dispose() => _cli.Dispose();
}
