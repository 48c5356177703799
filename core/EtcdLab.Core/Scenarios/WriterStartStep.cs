namespace EtcdLab.Core.Scenarios;

/// <summary>Starts a background writer that records every acknowledged or failed write.</summary>
/// <param name="Name">Writer name.</param>
/// <param name="Hosts">Hosts it writes through.</param>
/// <param name="KeyPrefix">Key prefix.</param>
/// <param name="Interval">Time between writes.</param>
/// <param name="Timeout">Deadline of one write.</param>
/// <param name="MaxWrites">Upper bound on its writes.</param>
public sealed record WriterStartStep(
    string Name,
    IReadOnlyList<string> Hosts,
    string KeyPrefix,
    TimeSpan Interval,
    TimeSpan Timeout,
    int MaxWrites) : Step
{
    /// <inheritdoc />
    public override string Describe() => $"writer start {Name} every {Durations.Format(Interval)} through {string.Join(", ", Hosts)}";

    /// <inheritdoc />
    public bool Equals(WriterStartStep? other) => other is not null && base.Equals(other) && Name == other.Name && KeyPrefix == other.KeyPrefix && Interval == other.Interval && Timeout == other.Timeout && MaxWrites == other.MaxWrites && Hosts.SequenceEqual(other.Hosts);

    /// <inheritdoc />
    public override int GetHashCode() => base.GetHashCode();
}
