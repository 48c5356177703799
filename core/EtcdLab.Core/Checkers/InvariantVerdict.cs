namespace EtcdLab.Core.Checkers;

/// <summary>The verdict of one checker on one run.</summary>
/// <param name="Id">Invariant id, for example <c>quorum-kept</c>.</param>
/// <param name="Title">The invariant in a few words.</param>
/// <param name="Promised">True when the scenario promises it (only promised invariants decide the exit code).</param>
/// <param name="Violations">Every breach found; empty when the invariant holds.</param>
public sealed record InvariantVerdict(string Id, string Title, bool Promised, IReadOnlyList<Violation> Violations)
{
    /// <summary>True when nothing breaks the invariant.</summary>
    public bool Holds => Violations.Count == 0;

    /// <inheritdoc />
    public bool Equals(InvariantVerdict? other) =>
        other is not null && Id == other.Id && Promised == other.Promised && Violations.SequenceEqual(other.Violations);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, Promised, Violations.Count);
}
