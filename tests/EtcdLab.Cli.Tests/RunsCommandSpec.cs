using EtcdLab.Cli.Running;
using EtcdLab.Core.EventLog;
using EtcdLab.Core.Events;
using EtcdLab.Core.Hygiene;
using EtcdLab.Store.Sqlite;

namespace EtcdLab.Cli.Tests;

/// <summary><c>etcdlab runs</c>, <c>show</c>, <c>history</c> and <c>check</c> on the embedded store, and
/// what a run start does with the stored stream of a run whose harness was killed.</summary>
public sealed class RunsCommandSpec
{
    private static readonly string P1 = CliHarness.Scenario("scenarios/replace-failed-member.yaml");
    private static readonly string Mutant = CliHarness.Scenario("scenarios/mutants/two-members-added-at-once.yaml");

    [Fact]
    public async Task Runs_and_history_should_list_what_the_store_holds_with_filters()
    {
        using var cli = new CliHarness();
        Assert.Equal(0, (await cli.RunAsync("run", P1, "--seed", "1", "--reports", cli.Reports)).Exit);
        Assert.Equal(0, (await cli.RunAsync("run", P1, "--seed", "2", "--reports", cli.Reports)).Exit);
        Assert.Equal(1, (await cli.RunAsync("run", Mutant, "--seed", "3", "--reports", cli.Reports)).Exit);

        var (exit, all) = await cli.RunAsync("runs", "--reports", cli.Reports);
        Assert.Equal(0, exit);
        Assert.Contains("3 of 3 stored run(s)", all);
        Assert.Contains("replace-failed-member", all);

        var failed = await cli.RunAsync("runs", "--reports", cli.Reports, "--failed");
        Assert.Contains("1 of 3 stored run(s)", failed.All);
        Assert.Contains("two-members-added-at-once", failed.All);
        Assert.Contains("one-member-added-at-a-time", failed.All);

        Assert.Contains("2 of 3 stored run(s)", (await cli.RunAsync("runs", "--reports", cli.Reports, "--scenario", "replace-failed-member", "--since", "1h")).All);
        Assert.Contains("0 of 3 stored run(s)", (await cli.RunAsync("runs", "--reports", cli.Reports, "--target", "docker")).All);

        var history = await cli.RunAsync("history", "--reports", cli.Reports);
        Assert.Equal(0, history.Exit);
        var row = history.Output.Split('\n').Single(l => l.Contains("replace-failed-member"));
        Assert.Contains("100 %", row);
        Assert.Contains(history.Output.Split('\n'), l => l.Contains("two-members-added-at-once") && l.Contains("0 %") && l.Contains("final-membership (1)"));
    }

    [Fact]
    public async Task Show_and_check_should_read_a_run_from_the_store_when_its_folder_is_gone()
    {
        using var cli = new CliHarness();
        Assert.Equal(1, (await cli.RunAsync("run", Mutant, "--seed", "3", "--reports", cli.Reports)).Exit);
        var folder = Assert.Single(cli.RunFolders());
        var runId = Path.GetFileName(folder);
        Directory.Delete(folder, recursive: true);

        var show = await cli.RunAsync("show", runId, "--reports", cli.Reports);
        Assert.Equal(0, show.Exit);
        Assert.Contains("failed", show.Output);
        Assert.Contains("one-member-added-at-a-time", show.Output);

        var check = await cli.RunAsync("check", runId, "--reports", cli.Reports);
        Assert.Equal(1, check.Exit);
        Assert.Contains("from the sqlite event store", check.Output);

        var missing = await cli.RunAsync("show", "no-such-run", "--reports", cli.Reports);
        Assert.Equal(2, missing.Exit);
        Assert.Contains("no such run", missing.All);
    }

    [Fact]
    public async Task A_run_start_should_mark_the_stream_of_a_killed_run_aborted()
    {
        using var cli = new CliHarness();
        // What a harness killed mid-run leaves: a half-written folder whose owner is dead, and the
        // batches it had stored.
        var killed = "20261201-000000-replace-failed-member-sim-s9-dead";
        var runs = RunFolders.RunsDirectory(cli.Reports);
        var partial = Path.Combine(runs, "." + killed + ".partial");
        Directory.CreateDirectory(partial);
        await File.WriteAllTextAsync(Path.Combine(partial, RunFolders.OwnerFile), new RunOwner(int.MaxValue - 1, 1).ToFileText());
        await using (var store = SqliteEventLog.Open(Path.Combine(cli.Reports, "etcdlab.db")))
        {
            RunEvent[] stored =
            [
                new RunStarted("sim", 9, new ScenarioDeclaration("replace-failed-member", "x.yaml", "P1", "", [], [], [], [], [], [])) { Seq = 1 },
                new StepStarted(1, "etcdctl member list") { Seq = 2, Step = 1 },
            ];
            await store.AppendAsync(killed, stored, CancellationToken.None);
        }
        Assert.Contains("running", (await cli.RunAsync("runs", "--reports", cli.Reports)).Output);

        Assert.Equal(0, (await cli.RunAsync("run", P1, "--seed", "1", "--reports", cli.Reports)).Exit);

        Assert.False(Directory.Exists(partial));
        await using (var store = SqliteEventLog.Open(Path.Combine(cli.Reports, "etcdlab.db")))
        {
            var events = await store.ReadAsync(killed, CancellationToken.None);
            Assert.Equal(3, events.Count);
            Assert.Equal(AbandonedRuns.Reason, Assert.IsType<RunAborted>(events[^1]).Error);
            Assert.Equal(RunStates.Aborted, (await store.RunViewAsync(killed, CancellationToken.None))!.State);
        }
    }
}
