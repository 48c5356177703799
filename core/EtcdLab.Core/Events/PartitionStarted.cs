namespace EtcdLab.Core.Events;

/// <summary>Peer traffic is cut between groups of hosts.</summary>
/// <param name="Groups">Hosts in different groups cannot reach each other.</param>
public sealed record PartitionStarted(
    IReadOnlyList<IReadOnlyList<string>> Groups) : RunEvent
{
    /// <inheritdoc />
    public bool Equals(PartitionStarted? other) => other is not null && base.Equals(other) && Groups.Count == other.Groups.Count && Groups.Zip(other.Groups).All(p => p.First.SequenceEqual(p.Second));

    /// <inheritdoc />
    public override int GetHashCode() => base.GetHashCode();
}
