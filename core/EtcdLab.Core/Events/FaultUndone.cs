namespace EtcdLab.Core.Events;

/// <summary>A fault was undone: a crashed member restarted, a paused one resumed, a partition healed,
/// links restored (after the fault's time, or when the procedure ended).</summary>
/// <param name="Fault">The fault's number in its schedule, from 1.</param>
/// <param name="Description">What was done, in an operator's words.</param>
/// <param name="Hosts">The hosts it concerned.</param>
public sealed record FaultUndone(
    int Fault,
    string Description,
    IReadOnlyList<string> Hosts) : RunEvent
{
    /// <inheritdoc />
    public bool Equals(FaultUndone? other) =>
        other is not null && base.Equals(other) && Fault == other.Fault && Description == other.Description && Hosts.SequenceEqual(other.Hosts);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Fault);
}
