using EtcdLab.Core.Checkers;
using EtcdLab.Core.Events;
using EtcdLab.Core.Faults;

namespace EtcdLab.Fuzz.Judging;

/// <summary>
/// The default judge, on the checkers' own classification (<see cref="FaultVerdict"/>): a run failed
/// when a promised invariant broke, a step missed its expectation, or the run aborted. Each failure
/// is either the runbook's (it breaks within the failures it should tolerate) or beyond tolerance
/// (a fault took out more members than the cluster tolerated, or joined the runbook's own kill in
/// doing so). A run with at least one failure of the runbook's own is judged within tolerance and
/// names only those; a run whose every failure is beyond tolerance is judged beyond it. An aborted
/// run is a failure of the lab and is always reported.
/// </summary>
public sealed class ToleranceJudge : IRunJudge
{
    /// <summary>The one instance; the judge keeps no state.</summary>
    public static ToleranceJudge Instance { get; } = new();

    /// <inheritdoc />
    public RunJudgement Judge(FaultSchedule schedule, IReadOnlyList<RunEvent> events)
    {
        if (events.OfType<RunAborted>().FirstOrDefault() is { } aborted)
            return new RunJudgement(true, true, [RunJudgement.Aborted], aborted.Error, [aborted.Step]);
        if (events.FirstOrDefault() is not RunStarted) return new RunJudgement(true, true, [RunJudgement.Aborted], "the run did not begin", [0]);

        var verdicts = InvariantCheckers.Check(events);
        var failures = FaultVerdict.Of(events, verdicts)?.Failures ?? Unclassified(events, verdicts);
        if (failures.Count == 0) return new RunJudgement(false, true, [], null, []);
        var within = failures.Where(f => f.Tolerance == FaultTolerance.Within).ToArray();
        var reported = within.Length > 0 ? within : failures.ToArray();
        var ids = reported.Select(f => f.Failure).Distinct().ToArray();
        return new RunJudgement(true, within.Length > 0, ids, reported[0].Message, ids.Select(id => reported.Where(f => f.Failure == id).Min(f => f.Step)).ToArray());
    }

    /// <summary>The failures of a run in which no fault struck: all of them the runbook's.</summary>
    private static IReadOnlyList<ClassifiedFailure> Unclassified(IReadOnlyList<RunEvent> events, IReadOnlyList<InvariantVerdict> verdicts)
    {
        var failures = new List<ClassifiedFailure>();
        if (events.OfType<StepFinished>().FirstOrDefault(f => !f.Passed) is { } failed)
            failures.Add(new ClassifiedFailure(FaultVerdict.ProcedureCompletes, failed.Index, FaultTolerance.Within, failed.Failure ?? "the step failed", null));
        foreach (var verdict in verdicts.Where(v => v.FailsRun))
            foreach (var v in verdict.Violations)
                failures.Add(new ClassifiedFailure(verdict.Id, v.Step, FaultTolerance.Within, v.Message, null));
        return failures.OrderBy(f => f.Step).ToArray();
    }
}
