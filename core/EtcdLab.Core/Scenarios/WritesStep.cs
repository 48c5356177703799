namespace EtcdLab.Core.Scenarios;

/// <summary>Writes a batch of keys one after another and records each.</summary>
/// <param name="Count">How many keys.</param>
/// <param name="Hosts">Hosts it writes through.</param>
/// <param name="KeyPrefix">Key prefix.</param>
public sealed record WritesStep(
    int Count,
    IReadOnlyList<string> Hosts,
    string KeyPrefix) : Step
{
    /// <inheritdoc />
    public override string Describe() => $"writes {Count} through {string.Join(", ", Hosts)}";

    /// <inheritdoc />
    public bool Equals(WritesStep? other) => other is not null && base.Equals(other) && Count == other.Count && KeyPrefix == other.KeyPrefix && Hosts.SequenceEqual(other.Hosts);

    /// <inheritdoc />
    public override int GetHashCode() => base.GetHashCode();
}
