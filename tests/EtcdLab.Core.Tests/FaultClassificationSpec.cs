using EtcdLab.Core.Checkers;
using EtcdLab.Core.Events;

namespace EtcdLab.Core.Tests;

/// <summary>How the failures of a run under a fault schedule are put down to the runbook (within tolerance) or to
/// the schedule (beyond tolerance).</summary>
public sealed class FaultClassificationSpec
{
    private static readonly string[] All3 = ["m1", "m2", "m3"];

    /// <summary>Three members that promise every invariant, online from step 1 to 9, bootstrapped at step 0.</summary>
    private static LogBuilder Cluster() =>
        new LogBuilder(All3, online: (1, 9), invariants: InvariantIds.All.ToArray()).Step(0).Start(All3).Observe(All3, All3, "m1");

    private static InvariantVerdict Verdict(LogBuilder log, string id) => InvariantCheckers.Check(log.Events).Single(v => v.Id == id);

    private static FaultVerdict FaultVerdictOf(LogBuilder log) => FaultVerdict.Of(log.Events, InvariantCheckers.Check(log.Events))!;

    [Fact]
    public void A_write_failure_while_a_tolerated_fault_is_in_force_should_be_the_runbooks()
    {
        var log = Cluster()
            .Step(2).Fault(1, withinTolerance: true, ["m2"]).Kill("m2").Add(new ClientWriteFailed("app", "/k1", "context deadline exceeded"))
            .Observe(["m1", "m3"], All3, "m1")
            .Step(3).Start("m2").Undo(1, "m2").Observe(All3, All3, "m1");

        var quorum = Verdict(log, InvariantIds.QuorumKept);
        var v = Assert.Single(quorum.Violations);
        Assert.Equal(FaultTolerance.Within, v.Tolerance);
        Assert.Null(quorum.Note);
        var verdict = FaultVerdictOf(log);
        Assert.Equal((1, 0), (verdict.Struck, verdict.BeyondTolerance));
        Assert.Equal(FaultTolerance.Within, verdict.Outcome);
        var failure = Assert.Single(verdict.Failures);
        Assert.Equal((InvariantIds.QuorumKept, 2, FaultTolerance.Within, (string?)null), (failure.Failure, failure.Step, failure.Tolerance, failure.Fault));
    }

    [Fact]
    public void QuorumKept_should_leave_out_what_breaks_while_a_fault_beyond_tolerance_is_in_force_and_say_so()
    {
        var log = Cluster()
            .Step(2).Fault(1, withinTolerance: false, ["m2", "m3"], kind: "partition", description: "cut a minority holding m2 from the majority")
            .Add(new ClientWriteFailed("app", "/k1", "context deadline exceeded")).Observe(["m1"], All3)
            .Step(3).Undo(1, "m2", "m3")
            // Healed, but no leader yet: the cluster has not recovered, so this failure is still the fault's.
            .Add(new ClientWriteFailed("app", "/k2", "context deadline exceeded")).Observe(All3, All3)
            .Step(4).Observe(All3, All3, "m2", term: 3)
            .Step(5).Add(new ClientWriteFailed("app", "/k3", "etcdserver: request timed out")).Observe(All3, All3, "m2", term: 3);

        var quorum = Verdict(log, InvariantIds.QuorumKept);

        var v = Assert.Single(quorum.Violations);
        Assert.Equal(5, v.Step);
        Assert.Contains("/k3", v.Message);
        Assert.Equal(FaultTolerance.Within, v.Tolerance);
        Assert.Contains("checked only while every fault in force was within tolerance", quorum.Note);
        Assert.Contains("fault 1 (cut a minority holding m2 from the majority)", quorum.Note);
        Assert.Contains("3 breach(es) then (steps 2, 3) are not the runbook's", quorum.Note);
        var period = Assert.Single(new RunLog(log.Events).Faults.Periods);
        Assert.Equal(log.Events.OfType<ClusterObserved>().First(o => o.Step == 4).Seq, period.Ends);
    }

    [Fact]
    public void QuorumKept_should_not_apply_when_every_online_step_ran_beyond_tolerance()
    {
        var log = new LogBuilder(All3, online: (2, 3), invariants: InvariantIds.All.ToArray()).Step(0).Start(All3).Observe(All3, All3, "m1")
            .Step(1).Fault(1, withinTolerance: false, ["m1"]).Kill("m1")
            .Step(2).Add(new ClientWriteFailed("app", "/k1", "context deadline exceeded")).Observe(["m2", "m3"], All3)
            .Step(3).Observe(["m2", "m3"], All3)
            .Step(4).Start("m1").Undo(1, "m1").Observe(All3, All3, "m2", term: 3);

        var quorum = Verdict(log, InvariantIds.QuorumKept);

        Assert.Equal(VerdictStatus.NotApplicable, quorum.Status);
        Assert.Contains("every online step ran while a fault beyond tolerance was in force (fault 1 (kill m1))", quorum.NotApplicableBecause);
    }

    [Theory]
    [InlineData(true, FaultTolerance.Within)]
    [InlineData(false, FaultTolerance.Beyond)]
    public void A_lost_write_should_be_put_down_to_a_fault_beyond_tolerance_even_after_it_ended(bool tolerated, FaultTolerance expected)
    {
        var log = Cluster()
            .Step(1).Add(new ClientWriteAcknowledged("app", "m1", "/k1", "v1", 5))
            .Step(2).Fault(1, tolerated, ["m1"]).Kill("m1").Observe(["m2", "m3"], All3, "m2", term: 3)
            .Step(3).Start("m1").Undo(1, "m1").Observe(All3, All3, "m2", term: 3)
            .Step(9).Add(new RestPoint("end of the procedure")).Observe(All3, All3, "m2", term: 3)
            .Add(new KeyspaceRead("m2", 9, [], null));

        var lost = Assert.Single(Verdict(log, InvariantIds.NoAcknowledgedWriteLost).Violations);

        Assert.Equal(expected, lost.Tolerance);
        var failure = Assert.Single(FaultVerdictOf(log).Failures);
        Assert.Equal(expected, failure.Tolerance);
        Assert.Equal(tolerated ? null : "fault 1 (kill m1)", failure.Fault);
    }

    [Fact]
    public void A_step_that_fails_beyond_tolerance_should_be_a_liveness_failure_of_the_schedule_and_take_the_end_state_with_it()
    {
        var log = Cluster()
            .Step(4).Fault(1, withinTolerance: false, ["m1"]).Kill("m1")
            .Add(new StepFinished(4, Passed: false, Attempts: 15, Failure: "expected success, got Error: context deadline exceeded"))
            .Observe(["m2", "m3"], All3)
            .Step(10).Start("m1").Undo(1, "m1").Add(new RestPoint("end of the procedure"))
            .Observe(["m1", "m2", "m3"], ["m1", "m2", "m3", "unstarted@127.0.1.4"], "m2", term: 3);

        var verdict = FaultVerdictOf(log);

        Assert.Equal(FaultTolerance.Beyond, verdict.Outcome);
        var liveness = verdict.Failures.Single(f => f.Failure == FaultVerdict.ProcedureCompletes);
        Assert.Equal((4, FaultTolerance.Beyond, "fault 1 (kill m1)"), (liveness.Step, liveness.Tolerance, liveness.Fault));
        Assert.Contains("The procedure did not complete: step 4 (`step text 4`, line 14) failed (expected success, got Error: context deadline exceeded)", liveness.Message);
        // The rest point after the procedure was cut short: a procedural promise, but broken because the runbook did not finish.
        var odd = verdict.Failures.Single(f => f.Failure == InvariantIds.OddMembersAtRest);
        Assert.Equal((10, FaultTolerance.Beyond), (odd.Step, odd.Tolerance));
    }

    [Fact]
    public void A_step_that_fails_while_only_tolerated_faults_are_in_force_should_be_a_liveness_failure_of_the_runbook()
    {
        var log = Cluster()
            .Step(4).Fault(1, withinTolerance: true, ["m3"]).Kill("m3")
            .Add(new StepFinished(4, Passed: false, Attempts: 1, Failure: "m3 is not healthy (stopped)"))
            .Observe(["m1", "m2"], All3, "m1")
            .Step(10).Start("m3").Undo(1, "m3").Observe(All3, All3, "m1");

        var failure = Assert.Single(FaultVerdictOf(log).Failures);

        Assert.Equal((FaultVerdict.ProcedureCompletes, FaultTolerance.Within), (failure.Failure, failure.Tolerance));
    }

    [Fact]
    public void A_tolerated_fault_should_turn_beyond_tolerance_when_the_procedure_takes_down_another_member_meanwhile()
    {
        var log = Cluster()
            .Step(1).Fault(1, withinTolerance: true, ["m2"]).Kill("m2").Observe(["m1", "m3"], All3, "m1")
            .Step(2).Kill("m3");
        var escalatedAt = log.Events[^1].Seq;
        log.Add(new ClientWriteFailed("app", "/k1", "context deadline exceeded")).Observe(["m1"], All3)
            .Step(3).Start("m2").Undo(1, "m2").Observe(["m1", "m2"], All3, "m1", term: 3);

        var period = Assert.Single(new RunLog(log.Events).Faults.Periods);
        var quorum = Verdict(log, InvariantIds.QuorumKept);

        Assert.True(period.WithinTolerance);
        Assert.Equal(escalatedAt, period.BeyondFrom);
        Assert.Equal(VerdictStatus.Holds, quorum.Status);
        Assert.Contains("2 breach(es) then (step 2)", quorum.Note);
    }

    [Fact]
    public void A_fault_that_holds_no_member_out_should_stay_within_tolerance_when_the_procedure_itself_breaks_quorum()
    {
        // Delayed links keep m2 in the cluster; the runbook then takes down two of three members itself.
        var log = Cluster()
            .Step(1).Fault(1, withinTolerance: true, ["m2"], kind: "delay", description: "delay m2's peer traffic by 50ms")
            .Step(2).Kill("m2").Kill("m3").Observe(["m1"], All3);

        var period = Assert.Single(new RunLog(log.Events).Faults.Periods);
        var quorum = Assert.Single(Verdict(log, InvariantIds.QuorumKept).Violations);

        Assert.Null(period.BeyondFrom);
        Assert.Equal(FaultTolerance.Within, quorum.Tolerance);
    }

    [Fact]
    public void A_run_without_a_fault_schedule_should_be_reported_as_before()
    {
        var log = Cluster().Step(2).Add(new ClientWriteFailed("app", "/k1", "context deadline exceeded")).Observe(All3, All3, "m1");
        var verdicts = InvariantCheckers.Check(log.Events);

        Assert.Null(Assert.Single(verdicts.Single(v => v.Id == InvariantIds.QuorumKept).Violations).Tolerance);
        Assert.All(verdicts, v => Assert.Null(v.Note));
        Assert.Null(FaultVerdict.Of(log.Events, verdicts));
    }

    [Fact]
    public void A_schedule_whose_faults_were_all_skipped_should_report_every_failure_as_the_runbooks()
    {
        var log = Cluster()
            .Step(2).Add(new FaultInjected(1, "crash", "kill the leader right before step 2", [], true, "no host is the leader now"))
            .Add(new ClientWriteFailed("app", "/k1", "context deadline exceeded")).Observe(All3, All3, "m1");

        var verdict = FaultVerdictOf(log);

        Assert.Equal((0, 0), (verdict.Struck, verdict.BeyondTolerance));
        Assert.Equal(FaultTolerance.Within, Assert.Single(verdict.Failures).Tolerance);
    }
}
