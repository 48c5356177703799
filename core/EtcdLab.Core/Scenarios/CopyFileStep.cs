namespace EtcdLab.Core.Scenarios;

/// <summary>Copies a file (a snapshot) from one host to others, at the same path.</summary>
/// <param name="From">Source host.</param>
/// <param name="To">Destination hosts.</param>
/// <param name="Path">The file, under /var/lib/, /etc/etcd/ or /etc/kubernetes/.</param>
/// <param name="ToPath">Where it goes on the destination hosts (<c>as:</c>, as <c>scp a host:b</c>
/// names it), or null for the same path.</param>
public sealed record CopyFileStep(
    string From,
    IReadOnlyList<string> To,
    string Path,
    string? ToPath = null) : Step
{
    /// <summary>The path on the destination hosts.</summary>
    public string Destination => ToPath ?? Path;

    /// <inheritdoc />
    public override string Describe() => $"copy-file {Path} from {From} to {string.Join(", ", To)}{(ToPath is null ? "" : " as " + ToPath)}";

    /// <inheritdoc />
    public bool Equals(CopyFileStep? other) => other is not null && base.Equals(other) && From == other.From && Path == other.Path && ToPath == other.ToPath && To.SequenceEqual(other.To);

    /// <inheritdoc />
    public override int GetHashCode() => base.GetHashCode();
}
