using EtcdLab.Core.Checkers;
using EtcdLab.Core.Events;
using EtcdLab.Core.Faults;
using EtcdLab.Core.Targets;

namespace EtcdLab.Fuzz.Judging;

/// <summary>
/// The default judge. A run failed when a promised invariant broke (<see cref="InvariantCheckers"/>),
/// a step missed its expectation, or the run aborted. Its faults stayed within tolerance when every
/// fault that struck says so (<see cref="FaultInjected.WithinTolerance"/>, decided by the injector at
/// the moment it struck) and, at every observation while a fault that takes members out is in force,
/// a quorum of voting members still runs outside the partitions the schedule made: a fault that
/// struck within tolerance and was then joined by the runbook's own kill (or another fault) has taken
/// the cluster beyond it.
/// </summary>
public sealed class ToleranceJudge : IRunJudge
{
    /// <summary>The one instance; the judge keeps no state.</summary>
    public static ToleranceJudge Instance { get; } = new();

    /// <inheritdoc />
    public RunJudgement Judge(FaultSchedule schedule, IReadOnlyList<RunEvent> events)
    {
        var aborted = events.OfType<RunAborted>().FirstOrDefault();
        var finished = events.OfType<RunFinished>().LastOrDefault();
        var verdicts = events.FirstOrDefault() is RunStarted ? InvariantCheckers.Check(events) : [];
        var broken = verdicts.Where(v => v.FailsRun).ToArray();
        var ids = broken.Select(v => v.Id).ToList();
        var steps = broken.Select(v => v.Violations.Count > 0 ? v.Violations.Min(x => x.Step) : 0).ToList();
        string? why = null;
        if (aborted is not null)
        {
            ids.Add(RunJudgement.Aborted);
            steps.Add(aborted.Step);
            why = aborted.Error;
        }
        else if (finished is { StepsPassed: false })
        {
            ids.Add(RunJudgement.ProcedureIncomplete);
            steps.Add(events.OfType<StepFinished>().FirstOrDefault(f => !f.Passed)?.Index ?? finished.Step);
            why = finished.Failure;
        }
        if (broken.Length > 0) why = broken[0].Violations.FirstOrDefault()?.Message ?? broken[0].Title;
        return new RunJudgement(ids.Count > 0, WithinTolerance(schedule, events), ids, why, steps);
    }

    /// <summary>True when the run's faults never took out more voting members than the cluster tolerated.</summary>
    public static bool WithinTolerance(FaultSchedule schedule, IReadOnlyList<RunEvent> events)
    {
        var inForce = new Dictionary<int, Fault>();
        foreach (var e in events)
        {
            switch (e)
            {
                case FaultInjected { Skipped: null } struck:
                    if (!struck.WithinTolerance) return false;
                    if (struck.Fault >= 1 && struck.Fault <= schedule.Faults.Count && schedule.Faults[struck.Fault - 1].TakesMemberOut)
                        inForce[struck.Fault] = schedule.Faults[struck.Fault - 1];
                    break;
                case FaultUndone undone:
                    inForce.Remove(undone.Fault);
                    break;
                case ClusterObserved observed when inForce.Count > 0:
                    if (!QuorumOutsideFaults(observed.Observation, inForce.Values)) return false;
                    break;
            }
        }
        return true;
    }

    /// <summary>A quorum of voting members runs, counting a partition's minority as out (a crashed, stopped
    /// or paused member shows as not running by itself).</summary>
    private static bool QuorumOutsideFaults(ClusterObservation o, IEnumerable<Fault> faults)
    {
        if (RunLog.Membership(o) is not { } members) return false;
        var voters = members.Where(m => !m.IsLearner).ToArray();
        var running = voters.Count(m => RunLog.HostOf(m, o) is { } h && o[h].Process == ProcessState.Running);
        var cut = faults.Where(f => f.Kind == FaultKind.Partition).Sum(f => Generation.ScheduleGenerator.TakesOut(f, voters.Length));
        return running - cut >= RunLog.Quorum(voters.Length);
    }
}
