using EtcdLab.Core.Events;

namespace EtcdLab.Core.Scenarios;

/// <summary>What a scenario promises: the invariants that hold and the cluster it ends with.</summary>
/// <param name="Invariants">Ids of the invariants checked for this scenario.</param>
/// <param name="FinalMembers">The hosts whose members form the cluster at the end.</param>
/// <param name="OnlineWindows">Steps during which the cluster must keep quorum and serve writes.</param>
/// <param name="LossWindows">Steps whose acknowledged writes a restore may lose.</param>
public sealed record Promises(
    IReadOnlyList<string> Invariants,
    IReadOnlyList<string> FinalMembers,
    IReadOnlyList<StepWindow> OnlineWindows,
    IReadOnlyList<StepWindow> LossWindows)
{
    /// <inheritdoc />
    public bool Equals(Promises? other) =>
        other is not null && Invariants.SequenceEqual(other.Invariants) && FinalMembers.SequenceEqual(other.FinalMembers)
        && OnlineWindows.SequenceEqual(other.OnlineWindows) && LossWindows.SequenceEqual(other.LossWindows);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Invariants.Count, FinalMembers.Count);
}
