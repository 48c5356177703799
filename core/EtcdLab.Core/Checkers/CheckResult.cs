namespace EtcdLab.Core.Checkers;

/// <summary>What one checker found in one run: that the invariant does not apply to it, and why; or
/// every breach it found, none meaning the invariant holds. A checker that had nothing to look at says
/// so instead of reporting that the invariant holds.</summary>
public sealed record CheckResult
{
    private CheckResult(IReadOnlyList<Violation> violations, string? notApplicableBecause, string? note)
    {
        Violations = violations;
        NotApplicableBecause = notApplicableBecause;
        Note = note;
    }

    /// <summary>Every breach found; empty when the invariant holds or does not apply.</summary>
    public IReadOnlyList<Violation> Violations { get; }

    /// <summary>Why the invariant does not apply to the run, in an operator's words; null when it applies.</summary>
    public string? NotApplicableBecause { get; }

    /// <summary>What an operator must know about how the invariant was checked on this run (for example,
    /// that periods with a fault beyond tolerance were left out); null when there is nothing to add.</summary>
    public string? Note { get; }

    /// <summary>Holds, broken or not applicable.</summary>
    public VerdictStatus Status =>
        NotApplicableBecause is not null ? VerdictStatus.NotApplicable : Violations.Count == 0 ? VerdictStatus.Holds : VerdictStatus.Broken;

    /// <summary>The checker looked at what the invariant is about and found <paramref name="violations"/> (none: it holds);
    /// <paramref name="note"/> says what the reader must know about how it looked.</summary>
    public static CheckResult Checked(IReadOnlyList<Violation> violations, string? note = null) => new(violations, null, note);

    /// <summary>The run gave the checker nothing to check, because of <paramref name="because"/>
    /// (a sentence an operator reads after "not applicable:").</summary>
    public static CheckResult NotApplicable(string because) => new([], because, null);

    /// <summary>The same result with <paramref name="violations"/> in place of its own (the same breaches, classified).</summary>
    public CheckResult WithViolations(IReadOnlyList<Violation> violations) => new(violations, NotApplicableBecause, Note);

    /// <inheritdoc />
    public bool Equals(CheckResult? other) =>
        other is not null && NotApplicableBecause == other.NotApplicableBecause && Note == other.Note && Violations.SequenceEqual(other.Violations);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(NotApplicableBecause, Violations.Count);
}
