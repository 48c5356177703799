using EtcdLab.Core.Events;

namespace EtcdLab.Core.Checkers;

/// <summary>
/// What a run under a fault schedule shows: how many faults struck, how many of them beyond what the
/// cluster tolerates, and every failure of the run, each classified either as the runbook breaking within
/// the failures it should tolerate or as beyond tolerance (<see cref="FaultTolerance"/>), never both.
/// </summary>
/// <remarks>The failures are those that fail the run: each breach of a promised invariant (classified by
/// its checker's <see cref="ToleranceRule"/>), and a step that failed, which is a liveness failure: the
/// procedure did not complete (its retries included) once the schedule was over. A failed step is beyond
/// tolerance when a fault beyond tolerance had struck by the end of that step: while a majority is out
/// nothing can commit, and a cluster that lost its quorum during a membership change may not recover by itself.</remarks>
/// <param name="Struck">Faults that struck (skipped ones not counted).</param>
/// <param name="BeyondTolerance">Of those, the faults that took out more members than the cluster tolerated.</param>
/// <param name="Failures">Every failure of the run, classified.</param>
public sealed record FaultVerdict(int Struck, int BeyondTolerance, IReadOnlyList<ClassifiedFailure> Failures)
{
    /// <summary>The <see cref="ClassifiedFailure.Failure"/> of a step that failed: the procedure did not complete.</summary>
    public const string ProcedureCompletes = "procedure-completes";

    /// <summary>What the run shows as a whole: null when nothing failed; <see cref="FaultTolerance.Within"/>
    /// when at least one failure is the runbook's (the finding that matters); else <see cref="FaultTolerance.Beyond"/>.</summary>
    public FaultTolerance? Outcome =>
        Failures.Count == 0 ? null : Failures.Any(f => f.Tolerance == FaultTolerance.Within) ? FaultTolerance.Within : FaultTolerance.Beyond;

    /// <summary>The verdict of a run under faults; null for a run without a fault schedule, whose report is unchanged.</summary>
    /// <param name="events">The run's events.</param>
    /// <param name="verdicts">The invariant verdicts of the run (<see cref="InvariantCheckers.Check"/>).</param>
    public static FaultVerdict? Of(IReadOnlyList<RunEvent> events, IReadOnlyList<InvariantVerdict> verdicts)
    {
        if (events.FirstOrDefault() is not RunStarted) return null;
        var log = new RunLog(events);
        var faults = log.Faults;
        if (!faults.UnderFaults) return null;
        var failures = new List<ClassifiedFailure>();
        if (events.OfType<StepFinished>().FirstOrDefault(f => !f.Passed) is { } failed)
        {
            var beyond = faults.Responsible(ToleranceRule.SinceStruck, failed.Index, failed.Seq);
            failures.Add(new ClassifiedFailure(ProcedureCompletes, failed.Index, beyond is null ? FaultTolerance.Within : FaultTolerance.Beyond,
                $"The procedure did not complete: {log.StepText(failed.Index)} failed ({failed.Failure})", beyond?.ToString()));
        }
        foreach (var verdict in verdicts.Where(v => v.FailsRun))
        {
            var rule = InvariantCheckers.All.FirstOrDefault(c => c.Id == verdict.Id)?.ToleranceRule ?? ToleranceRule.WhileInForce;
            foreach (var v in verdict.Violations)
            {
                var tolerance = v.Tolerance ?? faults.Classify(rule, v.Step, v.Seq) ?? FaultTolerance.Within;
                var beyond = tolerance == FaultTolerance.Beyond ? faults.Responsible(rule, v.Step, v.Seq) : null;
                failures.Add(new ClassifiedFailure(verdict.Id, v.Step, tolerance, v.Message, beyond?.ToString()));
            }
        }
        return new FaultVerdict(faults.Periods.Count, faults.BeyondTolerance.Count(), failures.OrderBy(f => f.Step).ToArray());
    }

    /// <inheritdoc />
    public bool Equals(FaultVerdict? other) =>
        other is not null && Struck == other.Struck && BeyondTolerance == other.BeyondTolerance && Failures.SequenceEqual(other.Failures);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Struck, BeyondTolerance, Failures.Count);
}
