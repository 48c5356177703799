namespace EtcdLab.Cli.Tests;

public sealed class RunCommandSpec
{
    [Fact]
    public async Task Run_should_pass_P1_on_the_simulator_and_leave_a_complete_run_folder()
    {
        using var cli = new CliHarness();
        var (exit, output) = await cli.RunAsync("run", CliHarness.Scenario("scenarios/replace-failed-member.yaml"), "--seed", "7", "--reports", cli.Reports, "--store", "sqlite");
        Assert.True(exit == 0, output);
        Assert.Contains("PASSED", output);
        Assert.Contains("final-membership", output);
        var folder = Assert.Single(cli.RunFolders());
        Assert.True(File.Exists(Path.Combine(folder, "events.jsonl")));
        Assert.True(File.Exists(Path.Combine(folder, "summary.json")));
        Assert.True(new FileInfo(Path.Combine(folder, "etcdlab.log")).Length > 0);
        Assert.True(File.Exists(Path.Combine(cli.Reports, "etcdlab.db")));
        Assert.Contains("Stored:", output);

        var (checkExit, checkOutput) = await cli.RunAsync("check", folder);
        Assert.True(checkExit == 0, checkOutput);
    }

    [Fact]
    public async Task Run_should_exit_1_naming_the_broken_invariant_and_how_to_reproduce()
    {
        using var cli = new CliHarness();
        var file = CliHarness.Scenario("scenarios/mutants/removed-member-restarted.yaml");
        var (exit, output) = await cli.RunAsync("run", file, "--seed", "3", "--reports", cli.Reports, "--store", "none");
        Assert.Equal(1, exit);
        Assert.Contains("removed-member-wiped", output);
        Assert.Contains("BROKEN", output);
        Assert.Contains($"Reproduce: etcdlab run {file} --target sim --seed 3", output);

        var (checkExit, _) = await cli.RunAsync("check", Assert.Single(cli.RunFolders()));
        Assert.Equal(1, checkExit);
    }

    [Fact]
    public async Task A_malformed_scenario_should_exit_2_with_its_position_and_leave_nothing_behind()
    {
        using var cli = new CliHarness();
        var file = Path.Combine(cli.Reports, "broken.yaml");
        Directory.CreateDirectory(cli.Reports);
        await File.WriteAllTextAsync(file, "scenario: broken\nprocedure: P1\ncluster:\n  hosts: {m1: 127.0.1.1}\nsteps:\n  - kill: m9\n");
        var (exit, output) = await cli.RunAsync("run", file, "--reports", cli.Reports);
        Assert.Equal(2, exit);
        Assert.Contains($"{file}:6:11: unknown host 'm9'", output);
        Assert.DoesNotContain("   at ", output);
        Assert.Empty(cli.RunFolders());
        Assert.False(File.Exists(Path.Combine(cli.Reports, "etcdlab.db")));
    }

    [Theory]
    [InlineData("run", "scenarios/replace-failed-member.yaml", "--target", "vm")]
    [InlineData("run", "no-such-file.yaml")]
    [InlineData("check", "no-such-run")]
    [InlineData("run")]
    [InlineData("frobnicate")]
    public async Task Bad_input_should_exit_2(params string[] args)
    {
        using var cli = new CliHarness();
        var (exit, output) = await cli.RunAsync([.. args.Select(a => a.StartsWith("scenarios/") ? CliHarness.Scenario(a) : a), "--reports", cli.Reports]);
        Assert.True(exit == 2, output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task A_run_should_remove_what_a_killed_run_left_half_written()
    {
        using var cli = new CliHarness();
        var runs = Path.Combine(cli.Reports, "runs");
        var abandoned = Path.Combine(runs, ".20260101-000000-killed-sim-s1-dead.partial");
        Directory.CreateDirectory(abandoned);
        await File.WriteAllTextAsync(Path.Combine(abandoned, Running.RunFolders.OwnerFile), "999999 1\n"); // no such process
        var live = Path.Combine(runs, ".20260101-000000-live-sim-s1-beef.partial");
        Running.RunFolders.CreatePartial(live); // owned by this (live) process

        var (exit, output) = await cli.RunAsync("run", CliHarness.Scenario("scenarios/replace-failed-member.yaml"), "--reports", cli.Reports, "--store", "none");
        Assert.True(exit == 0, output);
        Assert.False(Directory.Exists(abandoned));
        Assert.True(Directory.Exists(live));
    }

    [Theory]
    [InlineData("force-new-cluster-after-total-failure", 18446744073709551615UL)]
    [InlineData("p1", 1UL)]
    public void Run_ids_should_fit_the_docker_drivers_limit(string scenario, ulong seed)
    {
        var id = Running.RunFolders.NewRunId(scenario, "docker", seed);
        Assert.True(id.Length <= Running.RunFolders.MaxRunIdLength, id);
        Assert.Matches("^[0-9a-z.-]+$", id);
        Assert.NotEqual(id, Running.RunFolders.NewRunId(scenario, "docker", seed));
    }

    [Fact]
    public async Task List_should_show_every_scenario_with_its_procedure()
    {
        using var cli = new CliHarness();
        var (exit, output) = await cli.RunAsync("list", "--dir", Path.Combine(CliHarness.RepoRoot, "scenarios"));
        Assert.Equal(0, exit);
        foreach (var p in new[] { "P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8" }) Assert.Contains(p, output);
        Assert.Contains("replace-failed-member", output);
        Assert.Contains("add-before-remove", output);
    }
}
