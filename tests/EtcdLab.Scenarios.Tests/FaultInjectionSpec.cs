using EtcdLab.Core.Events;
using EtcdLab.Core.Faults;
using EtcdLab.Core.Recording;
using EtcdLab.Core.Running;
using EtcdLab.Core.Scenarios;
using EtcdLab.Sim;

namespace EtcdLab.Scenarios.Tests;

/// <summary>A fault schedule strikes and is undone where it says, in target time, with roles resolved
/// at the moment of injection and the cluster's tolerance recorded; on the simulator.</summary>
public sealed class FaultInjectionSpec
{
    private static readonly Scenario P1 = ScenarioFiles.Load("scenarios/replace-failed-member.yaml");

    private static async Task<RunResult> RunAsync(string schedule, ulong seed = 4)
    {
        await using var target = new SimulatedClusterTarget();
        var faults = FaultScheduleFile.Parse(schedule, "schedule.yaml", P1);
        return await new ScenarioRunner(target, new RunRecorder(), RunOptions.For("fault-injection", seed) with { Faults = faults })
            .RunAsync(P1, CancellationToken.None);
    }

    [Fact]
    public async Task A_crash_should_strike_after_its_step_and_be_undone_after_its_time()
    {
        var result = await RunAsync("scenario: replace-failed-member\nfaults:\n  - crash: next-command-host\n    after: 8\n    for: 2s\n");
        var injected = Assert.Single(result.Events.OfType<FaultInjected>());
        var undone = Assert.Single(result.Events.OfType<FaultUndone>());
        Assert.Equal((8, "crash", "m1"), (injected.Step, injected.Kind, Assert.Single(injected.Hosts))); // step 11 runs etcdctl on m1
        Assert.False(injected.WithinTolerance); // m4 is added but not started: 2 of 3 voters run, so none may go
        Assert.Null(injected.Skipped);
        Assert.Equal("restart etcd on m1", undone.Description);
        Assert.InRange(undone.At - injected.At, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.5));
        var stopped = result.Events.OfType<ProcessStopped>().Last();
        Assert.Equal(("m1", true), (stopped.Host, stopped.Killed));
        Assert.True(result.StepsPassed, result.Failure);
    }

    [Fact]
    public async Task An_offset_should_strike_in_the_middle_of_a_later_step()
    {
        // Step 3 (endpoint health, m3 just killed) waits out etcdctl's 5 s command timeout for the dead
        // endpoint, as etcdctl 3.4.23 does; 1s after step 2 it is still running.
        var result = await RunAsync("scenario: replace-failed-member\nfaults:\n  - pause: m2\n    after: 2\n    offset: 1s\n    for: 500ms\n");
        var injected = Assert.Single(result.Events.OfType<FaultInjected>());
        var step2 = result.Events.OfType<StepFinished>().Single(f => f.Index == 2);
        Assert.Equal(3, injected.Step);
        Assert.InRange(injected.At - step2.At, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.1));
        Assert.Contains(result.Events, e => e is ProcessPaused { Host: "m2" });
        Assert.Contains(result.Events, e => e is ProcessResumed { Host: "m2" });
    }

    [Fact]
    public async Task A_fault_due_after_the_procedure_ended_should_be_recorded_as_never_struck()
    {
        var result = await RunAsync("scenario: replace-failed-member\nfaults:\n  - partition: leader\n    after: 12\n    offset: 1h\n");
        var injected = Assert.Single(result.Events.OfType<FaultInjected>());
        Assert.Equal("the procedure ended before it was due", injected.Skipped);
        Assert.Empty(result.Events.OfType<PartitionStarted>());
    }

    [Fact]
    public async Task A_fault_left_in_force_should_be_undone_before_the_verification()
    {
        var result = await RunAsync("scenario: replace-failed-member\nfaults:\n  - partition: leader\n    after: 10\n");
        var injected = Assert.Single(result.Events.OfType<FaultInjected>());
        var undone = Assert.Single(result.Events.OfType<FaultUndone>());
        Assert.True(injected.WithinTolerance); // after step 10 m1, m2 and m4 run: isolating one leaves a quorum
        Assert.Equal(P1.Steps.Count + 1, undone.Step);
        Assert.Equal("heal every partition", undone.Description);
        Assert.True(result.Events.OfType<StepStarted>().Last().Seq > undone.Seq, "the verification follows the undo");
    }

    [Fact]
    public async Task The_same_seed_and_schedule_should_give_the_same_events()
    {
        const string schedule = "scenario: replace-failed-member\nfaults:\n  - crash: leader\n    before: 9\n    for: 1s\n";
        static string Log(RunResult r) => string.Concat(r.Events.Select(e => RunEventJson.Serialize(e) + "\n"));
        var first = Log(await RunAsync(schedule, seed: 9));
        Assert.Contains("\"type\":\"fault-undone\"", first);
        Assert.Equal(first, Log(await RunAsync(schedule, seed: 9)));
    }
}
