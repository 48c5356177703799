namespace EtcdLab.Core.Scenarios;

/// <summary>Starts etcd on a host with its configuration; flags given here are written into that configuration first.</summary>
/// <param name="Host">Host name.</param>
/// <param name="Flags">Flags to set before starting (values may hold variables).</param>
public sealed record StartStep(
    string Host,
    IReadOnlyList<KeyValuePair<string, string>> Flags) : Step
{
    /// <inheritdoc />
    public override string Describe() => Flags.Count == 0 ? $"start {Host}" : $"start {Host} " + string.Join(" ", Flags.Select(f => $"--{f.Key}={f.Value}"));

    /// <inheritdoc />
    public bool Equals(StartStep? other) => other is not null && base.Equals(other) && Host == other.Host && Flags.SequenceEqual(other.Flags);

    /// <inheritdoc />
    public override int GetHashCode() => base.GetHashCode();
}
