using EtcdLab.Cli.Running;
using EtcdLab.Core.EventLog;
using EtcdLab.Core.Events;
using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Scenarios;

namespace EtcdLab.Cli.Tests;

/// <summary>No crash loses a run: a run that fails inside the target keeps its folder and events, a
/// store that fails keeps the verdict, bad input found before the run began leaves nothing.</summary>
public sealed class RunSessionSpec
{
    private static readonly Scenario P1 = ScenarioLoader.LoadFile(CliHarness.Scenario("scenarios/replace-failed-member.yaml"));

    [Fact]
    public async Task A_target_that_fails_mid_run_should_end_the_run_aborted_and_keep_every_event()
    {
        using var cli = new CliHarness();
        var factory = new FaultyTargetFactory(action => action == "kill" ? new InvalidOperationException("planted bug in the target") : null);
        var outcome = await new RunSession(factory).RunAsync(P1, new RunRequest(P1.File, "sim", 5, cli.Reports), null, CancellationToken.None);

        Assert.True(outcome.Aborted);
        Assert.False(outcome.Summary.Passed);
        Assert.Equal("InvalidOperationException: planted bug in the target", outcome.Summary.Aborted);
        var folder = Assert.Single(cli.RunFolders());
        Assert.Equal(outcome.Folder, folder);
        Assert.False(Path.GetFileName(folder).StartsWith('.'), "the folder is complete, not partial");
        var events = await JsonLinesEventLog.ReadFileAsync(Path.Combine(folder, JsonLinesEventLog.FileName), CancellationToken.None);
        // The run ends with its abort; only the verdicts on what it did come after.
        Assert.False(Assert.IsType<RunChecked>(events[^1]).Passed);
        var aborted = Assert.IsType<RunAborted>(events[^2]);
        Assert.Contains("planted bug in the target", aborted.Details);
        Assert.Contains(" at ", aborted.Details); // the stack trace goes to the log, for a bug report
        Assert.Equal(2, aborted.Step); // step 2 kills m3
        Assert.Contains(events, e => e is StepFinished { Index: 1, Passed: true });
        Assert.Contains("\"aborted\": \"InvalidOperationException: planted bug in the target\"", await File.ReadAllTextAsync(Path.Combine(folder, RunSession.SummaryFile)));
    }

    [Fact]
    public async Task A_store_that_fails_should_keep_the_runs_verdict_and_say_why()
    {
        using var cli = new CliHarness();
        var factory = new FaultyTargetFactory(_ => null);
        var store = new FailingStore();
        var outcome = await new RunSession(factory, () => store).RunAsync(P1, new RunRequest(P1.File, "sim", 5, cli.Reports), null, CancellationToken.None);

        Assert.True(outcome.Summary.Passed);
        Assert.False(outcome.Aborted);
        Assert.Equal("the store went away", outcome.StoreError);
        Assert.True(File.Exists(Path.Combine(Assert.Single(cli.RunFolders()), JsonLinesEventLog.FileName)));
    }

    [Fact]
    public async Task Bad_input_found_before_the_run_began_should_leave_nothing_behind()
    {
        using var cli = new CliHarness();
        var factory = new FaultyTargetFactory(action => action == "initialize" ? new EnvironmentException("loopback slot 9 is held by another run") : null);
        var e = await Assert.ThrowsAsync<EnvironmentException>(() =>
            new RunSession(factory).RunAsync(P1, new RunRequest(P1.File, "sim", 5, cli.Reports), null, CancellationToken.None));
        Assert.Equal("loopback slot 9 is held by another run", e.Message);
        Assert.Empty(cli.RunFolders());
        Assert.Empty(Directory.Exists(RunFolders.RunsDirectory(cli.Reports)) ? Directory.GetDirectories(RunFolders.RunsDirectory(cli.Reports), ".*") : []);
    }

    /// <summary>A store that went away after it was opened.</summary>
    private sealed class FailingStore : IEventLog
    {
        public Task AppendAsync(string runId, IReadOnlyList<RunEvent> events, CancellationToken ct) => throw new EnvironmentException("the store went away");
        public Task<IReadOnlyList<RunEvent>> ReadAsync(string runId, CancellationToken ct) => throw new NotSupportedException();
        public Task<IReadOnlyList<string>> ListRunsAsync(CancellationToken ct) => throw new NotSupportedException();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
