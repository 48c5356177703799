using System.Collections.Concurrent;
using EtcdLab.Core.EventLog;
using EtcdLab.Core.Events;

namespace EtcdLab.Core.Tests;

/// <summary>Live appends, the run view every store keeps, and the per-scenario history built on it.</summary>
public sealed class RunHistorySpec
{
    private static RunStarted Started(string scenario, string target, ulong seed) =>
        new(target, seed, new ScenarioDeclaration(scenario, scenario + ".yaml", "P1", "", [new HostDeclaration("m1", "127.0.1.1", true)], [], [], [], [], []));

    private static IReadOnlyList<RunEvent> Run(string scenario, string target, bool passed, params string[] broken)
    {
        RunEvent[] events =
        [
            Started(scenario, target, 7),
            new StepStarted(1, "etcdctl member list"),
            new StepFinished(1, true, Attempts: 3, null),
            new StepStarted(2, "expect-cluster"),
            new StepFinished(2, passed, 1, passed ? null : "expected 3 members, got 2"),
            new RunFinished(passed, passed ? null : "step 2 failed"),
            new RunChecked(passed && broken.Length == 0,
                broken.Select(id => new CheckedInvariant(id, true, "broken", 1, 2)).Append(new CheckedInvariant("no-localhost-peer-url", true, "holds", 0, null)).ToArray()),
        ];
        return events.Select((e, i) => e with { Seq = i + 1, At = TimeSpan.FromSeconds(i), Step = i / 2 }).ToArray();
    }

    [Fact]
    public void RunView_should_say_what_a_run_did_from_its_events()
    {
        var view = new RunView { Id = "r1" };
        view.Fold(Run("replace-failed-member", "docker", passed: false, "final-membership"), DateTimeOffset.UnixEpoch);

        Assert.Equal(("replace-failed-member", "docker", 7UL, "P1"), (view.Scenario, view.Target, view.Seed, view.Procedure));
        Assert.Equal(RunStates.Failed, view.State);
        Assert.Equal([2], view.FailedSteps);
        Assert.Equal([1], view.RetriedSteps);
        Assert.Equal(["final-membership"], view.Broken);
        Assert.Equal("holds", view.Verdicts["no-localhost-peer-url"]);
        Assert.Equal(7, view.Events);
    }

    [Fact]
    public void RunView_should_stay_running_until_the_run_ends_and_stay_aborted_once_aborted()
    {
        var view = new RunView { Id = "r1" };
        var run = Run("p", "sim", passed: true);
        view.Fold(run.Take(3), DateTimeOffset.UnixEpoch);
        Assert.Equal(RunStates.Running, view.State);

        view.Fold([new RunAborted(AbandonedRuns.Reason, null) { Seq = 4 }], DateTimeOffset.UnixEpoch.AddSeconds(1));
        Assert.Equal(RunStates.Aborted, view.State);
        Assert.Equal(DateTimeOffset.UnixEpoch, view.FirstStored);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(1), view.LastStored);
    }

    [Fact]
    public void History_should_give_each_scenario_and_target_its_pass_rate_last_failure_and_weak_steps()
    {
        var views = new[]
        {
            View("a1", Run("p1", "sim", passed: true), 1),
            View("a2", Run("p1", "sim", passed: false, "quorum-kept"), 2),
            View("a3", Run("p1", "sim", passed: true), 3),
            View("b1", Run("p1", "docker", passed: false, "final-membership"), 4),
            View("c1", Run("p2", "sim", passed: true).Take(3).ToArray(), 5), // still running: not counted
        };

        var rows = RunHistory.Of(views);

        Assert.Equal([("p1", "docker"), ("p1", "sim")], rows.Select(r => (r.Scenario, r.Target)));
        var sim = rows[1];
        Assert.Equal((3, 2), (sim.Runs, sim.Passed));
        Assert.Equal("a2: step 2 failed", sim.LastFailure);
        Assert.Equal("quorum-kept (1)", sim.BrokenMost);
        Assert.Equal("2 (1x)", sim.FailingSteps);
        Assert.Equal("1 (3x)", sim.RetriedSteps);
    }

    private static RunView View(string id, IReadOnlyList<RunEvent> events, int minute)
    {
        var view = new RunView { Id = id };
        view.Fold(events, DateTimeOffset.UnixEpoch.AddMinutes(minute));
        return view;
    }

    [Fact]
    public async Task LiveEventAppender_should_store_each_step_while_the_run_goes_on_in_order()
    {
        var store = new RecordingStore();
        var live = new LiveEventAppender(store, "r1");
        var run = Run("p", "sim", passed: true);
        for (var i = 0; i < run.Count; i++)
        {
            live.Add(run[i]);
            if (run[i] is not StepFinished) continue;
            // A finished step reaches the store before the run goes on (bounded wait, no fixed sleep).
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (live.Appended < i + 1 && DateTime.UtcNow < deadline) await Task.Delay(5);
            Assert.True(live.Appended == i + 1, $"after step {run[i].Step} finished the store held {live.Appended} of {i + 1} events");
        }

        Assert.Null(await live.CompleteAsync());

        Assert.Equal(run, store.Stored["r1"]);
        Assert.True(store.Batches >= 3, $"{store.Batches} batch(es): the events were not stored as the run went");
    }

    [Fact]
    public async Task LiveEventAppender_should_stop_at_the_first_store_error_and_keep_it_for_the_report()
    {
        var store = new RecordingStore { FailAfter = 1 };
        var live = new LiveEventAppender(store, "r1");
        foreach (var e in Run("p", "sim", passed: true))
        {
            live.Add(e);
            await Task.Delay(5); // let the batches go one by one
        }

        Assert.Equal("the database went away", await live.CompleteAsync());
        Assert.Equal(1, store.Batches);
    }

    private sealed class RecordingStore : IEventLog
    {
        public ConcurrentDictionary<string, List<RunEvent>> Stored { get; } = new();
        public int Batches;
        public int? FailAfter { get; init; }

        public Task AppendAsync(string runId, IReadOnlyList<RunEvent> events, CancellationToken ct)
        {
            if (FailAfter is { } n && Batches >= n) throw new IOException("the database went away");
            Interlocked.Increment(ref Batches);
            Stored.GetOrAdd(runId, _ => []).AddRange(events);
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<RunEvent>> ReadAsync(string runId, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<RunEvent>>(Stored.TryGetValue(runId, out var e) ? e : []);

        public Task<IReadOnlyList<string>> ListRunsAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<string>>(Stored.Keys.ToArray());

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    [Fact]
    public async Task AbandonedRuns_should_close_an_unfinished_stream_once_and_leave_finished_ones_alone()
    {
        var store = new RecordingStore();
        var run = Run("p", "sim", passed: true);
        await store.AppendAsync("killed", run.Take(3).ToArray(), CancellationToken.None);
        await store.AppendAsync("finished", run, CancellationToken.None);

        Assert.True(await AbandonedRuns.MarkAsync(store, "killed", CancellationToken.None));
        Assert.False(await AbandonedRuns.MarkAsync(store, "killed", CancellationToken.None));
        Assert.False(await AbandonedRuns.MarkAsync(store, "finished", CancellationToken.None));
        Assert.False(await AbandonedRuns.MarkAsync(store, "never-stored", CancellationToken.None));

        var closed = Assert.IsType<RunAborted>(store.Stored["killed"][^1]);
        Assert.Equal(4, closed.Seq);
        Assert.Equal(run.Count, store.Stored["finished"].Count);
    }
}
