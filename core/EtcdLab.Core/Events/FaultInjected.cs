namespace EtcdLab.Core.Events;

/// <summary>A fault of the run's schedule struck (or could not, and why).</summary>
/// <param name="Fault">The fault's number in its schedule, from 1.</param>
/// <param name="Kind">What it does: <c>crash</c>, <c>stop</c>, <c>pause</c>, <c>partition</c>, <c>delay</c>, <c>loss</c>, <c>disk-loss</c>, <c>readdress</c>.</param>
/// <param name="Description">The fault as the schedule states it, in an operator's words.</param>
/// <param name="Hosts">The hosts it hit (a role resolved to its host at this moment); empty when it was skipped.</param>
/// <param name="WithinTolerance">True when, with this fault, no more voting members are out than the
/// cluster tolerates at this moment (a majority still runs and reaches each other).</param>
/// <param name="Skipped">Why the fault did nothing (no leader to hit, the host did not run), null when it struck.</param>
/// <param name="OutOfQuorum">The hosts the fault holds out of the cluster's quorum while it is in force: the
/// host it stopped, or the side a partition cut off from the majority; empty for delay, loss and a bridge.</param>
public sealed record FaultInjected(
    int Fault,
    string Kind,
    string Description,
    IReadOnlyList<string> Hosts,
    bool WithinTolerance,
    string? Skipped,
    IReadOnlyList<string>? OutOfQuorum = null) : RunEvent
{
    /// <inheritdoc />
    public bool Equals(FaultInjected? other) =>
        other is not null && base.Equals(other) && Fault == other.Fault && Kind == other.Kind && Description == other.Description
        && Hosts.SequenceEqual(other.Hosts) && WithinTolerance == other.WithinTolerance && Skipped == other.Skipped
        && (OutOfQuorum ?? []).SequenceEqual(other.OutOfQuorum ?? []);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Fault, Kind);
}
