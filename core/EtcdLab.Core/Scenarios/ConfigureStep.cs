namespace EtcdLab.Core.Scenarios;

/// <summary>Edits a host's etcd configuration without starting it (an <c>etcd.conf</c> edit or a systemd drop-in).</summary>
/// <param name="Host">Host name.</param>
/// <param name="Set">Flags to set.</param>
/// <param name="Unset">Flags to remove.</param>
public sealed record ConfigureStep(
    string Host,
    IReadOnlyList<KeyValuePair<string, string>> Set,
    IReadOnlyList<string> Unset) : Step
{
    /// <inheritdoc />
    public override string Describe() => $"configure {Host}" + string.Concat(Set.Select(f => $" --{f.Key}={f.Value}")) + string.Concat(Unset.Select(u => $" unset {u}"));

    /// <inheritdoc />
    public bool Equals(ConfigureStep? other) => other is not null && base.Equals(other) && Host == other.Host && Set.SequenceEqual(other.Set) && Unset.SequenceEqual(other.Unset);

    /// <inheritdoc />
    public override int GetHashCode() => base.GetHashCode();
}
