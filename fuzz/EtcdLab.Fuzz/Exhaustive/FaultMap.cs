using EtcdLab.Core.Scenarios;
using EtcdLab.Fuzz.Profiles;

namespace EtcdLab.Fuzz.Exhaustive;

/// <summary>
/// A runbook's fault map: every single fault of a profile (each kind at each target) struck right
/// before each step, one run each, and what each run showed. The picture an operator wants before a
/// maintenance window: which faults the procedure survives at which step, and what breaks where it does not.
/// </summary>
/// <param name="Scenario">The scenario.</param>
/// <param name="Profile">The profile whose kinds and targets make the columns.</param>
/// <param name="Lasting">How long each fault lasts (the profile's longest duration).</param>
/// <param name="Seed">The run seed of every cell.</param>
/// <param name="Columns">The faults, in profile order.</param>
/// <param name="Cells">One cell per step and column, by step then column.</param>
public sealed record FaultMap(Scenario Scenario, FaultProfile Profile, TimeSpan Lasting, ulong Seed, IReadOnlyList<FaultColumn> Columns, IReadOnlyList<FaultMapCell> Cells)
{
    /// <summary>The cell of <paramref name="step"/> and <paramref name="column"/>.</summary>
    public FaultMapCell this[int step, FaultColumn column] => Cells.First(c => c.Step == step && c.Column == column);

    /// <summary>Cells whose run failed within tolerance: the runbook's own weak spots.</summary>
    public IEnumerable<FaultMapCell> WeakSpots => Cells.Where(c => c.Result.Judgement is { Failed: true, WithinTolerance: true });
}
