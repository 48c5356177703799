using EtcdLab.Core.Events;
using EtcdLab.Fuzz.Generation;
using EtcdLab.Fuzz.Judging;

namespace EtcdLab.Fuzz.Running;

/// <summary>One case run on the simulator and judged.</summary>
/// <param name="Case">The schedule and seed.</param>
/// <param name="Judgement">What the run showed.</param>
/// <param name="Events">The run's events, when the runner was asked to keep them.</param>
/// <param name="TargetTime">Simulated time the run took.</param>
public sealed record CaseResult(FuzzCase Case, RunJudgement Judgement, IReadOnlyList<RunEvent>? Events, TimeSpan TargetTime)
{
    /// <summary>How the case counts under its profile.</summary>
    public CaseVerdict Verdict =>
        !Judgement.WithinTolerance && !Case.Profile.BeyondTolerance ? CaseVerdict.Discarded
        : Judgement.Failed ? CaseVerdict.Failed
        : CaseVerdict.Passed;
}
