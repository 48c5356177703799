using EtcdLab.Core.Events;
using EtcdLab.Core.Faults;

namespace EtcdLab.Fuzz.Judging;

/// <summary>
/// Decides from a run's events whether it failed, and whether its faults stayed within what the
/// cluster tolerates. This is where a fuzzer decides whether a run "failed within tolerance"; the
/// default is <see cref="ToleranceJudge"/>; a classification kept by the checkers themselves plugs in here.
/// </summary>
public interface IRunJudge
{
    /// <summary>Judges a run of <paramref name="schedule"/> that recorded <paramref name="events"/>.</summary>
    RunJudgement Judge(FaultSchedule schedule, IReadOnlyList<RunEvent> events);
}
