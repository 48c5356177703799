namespace EtcdLab.Core.Scenarios;

/// <summary>Cuts peer traffic between groups of hosts.</summary>
/// <param name="Groups">Hosts in different groups cannot reach each other.</param>
public sealed record PartitionStep(
    IReadOnlyList<IReadOnlyList<string>> Groups) : Step
{
    /// <inheritdoc />
    public override string Describe() => "partition " + string.Join(" | ", Groups.Select(g => string.Join(",", g)));

    /// <inheritdoc />
    public bool Equals(PartitionStep? other) => other is not null && base.Equals(other) && Groups.Count == other.Groups.Count && Groups.Zip(other.Groups).All(p => p.First.SequenceEqual(p.Second));

    /// <inheritdoc />
    public override int GetHashCode() => base.GetHashCode();
}
