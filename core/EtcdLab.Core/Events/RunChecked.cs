namespace EtcdLab.Core.Events;

/// <summary>The invariants were checked on the run's events, after <see cref="RunFinished"/> or
/// <see cref="RunAborted"/>: the verdicts, so that an event store can answer "which invariant breaks
/// most" without checking every run again. Checkers never read it (they read what happened, and
/// <c>etcdlab check</c> checks a log again from scratch).</summary>
/// <param name="Passed">Every step met its expectations and no promised invariant broke.</param>
/// <param name="Verdicts">One per invariant checker, in the checkers' order.</param>
public sealed record RunChecked(
    bool Passed,
    IReadOnlyList<CheckedInvariant> Verdicts) : RunEvent
{
    /// <inheritdoc />
    public bool Equals(RunChecked? other) =>
        other is not null && Seq == other.Seq && At == other.At && Step == other.Step && Passed == other.Passed && Verdicts.SequenceEqual(other.Verdicts);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Seq, Passed, Verdicts.Count);
}
