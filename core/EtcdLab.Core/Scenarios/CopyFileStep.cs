namespace EtcdLab.Core.Scenarios;

/// <summary>Copies a file (a snapshot) from one host to others, at the same path.</summary>
/// <param name="From">Source host.</param>
/// <param name="To">Destination hosts.</param>
/// <param name="Path">The file, under /var/lib/.</param>
public sealed record CopyFileStep(
    string From,
    IReadOnlyList<string> To,
    string Path) : Step
{
    /// <inheritdoc />
    public override string Describe() => $"copy-file {Path} from {From} to {string.Join(", ", To)}";

    /// <inheritdoc />
    public bool Equals(CopyFileStep? other) => other is not null && base.Equals(other) && From == other.From && Path == other.Path && To.SequenceEqual(other.To);

    /// <inheritdoc />
    public override int GetHashCode() => base.GetHashCode();
}
