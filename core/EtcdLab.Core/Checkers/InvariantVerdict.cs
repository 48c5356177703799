using System.Text.Json.Serialization;

namespace EtcdLab.Core.Checkers;

/// <summary>The verdict of one checker on one run: holds, broken, or not applicable (with the reason).</summary>
/// <param name="Id">Invariant id, for example <c>quorum-kept</c>.</param>
/// <param name="Title">The invariant in a few words.</param>
/// <param name="Promised">True when the scenario promises it (only promised invariants decide the exit code).</param>
/// <param name="Violations">Every breach found; empty when the invariant holds or does not apply.</param>
/// <param name="NotApplicableBecause">Why the run gave the checker nothing to check, in an operator's words;
/// null when the invariant applies.</param>
/// <param name="Note">What the reader must know about how the invariant was checked on this run (for example,
/// that <c>quorum-kept</c> left out the periods in which a fault beyond tolerance was in force); null when nothing.</param>
public sealed record InvariantVerdict(
    string Id,
    string Title,
    bool Promised,
    [property: JsonPropertyOrder(2)] IReadOnlyList<Violation> Violations,
    [property: JsonPropertyOrder(1)] string? NotApplicableBecause = null,
    [property: JsonPropertyOrder(1)] string? Note = null)
{
    /// <summary>The verdict of <paramref name="checker"/> as <paramref name="result"/> states it.</summary>
    public static InvariantVerdict Of(IInvariantChecker checker, bool promised, CheckResult result) =>
        new(checker.Id, checker.Title, promised, result.Violations, result.NotApplicableBecause, result.Note);

    /// <summary>Holds, broken or not applicable. Derived from the other fields, so a summary written before
    /// verdicts could be not applicable reads back with the status it meant.</summary>
    public VerdictStatus Status =>
        NotApplicableBecause is not null ? VerdictStatus.NotApplicable : Violations.Count == 0 ? VerdictStatus.Holds : VerdictStatus.Broken;

    /// <summary>True when the invariant is promised and broken: the only verdict that fails a run. A promised
    /// invariant that does not apply does not fail it.</summary>
    [JsonIgnore]
    public bool FailsRun => Promised && Status == VerdictStatus.Broken;

    /// <summary>True unless broken. Written to <c>summary.json</c> as <c>holds</c>, the field readers used
    /// before verdicts could be not applicable, with the meaning it had then (no breach found); whether
    /// anything was checked is in <see cref="Status"/>.</summary>
    [JsonPropertyName("holds")]
    public bool NoBreachFound => Status != VerdictStatus.Broken;

    /// <summary>The verdict in a word or two: <c>holds</c>, <c>broken</c>, <c>not applicable</c>.</summary>
    public static string Describe(VerdictStatus status) => status switch
    {
        VerdictStatus.Holds => "holds",
        VerdictStatus.Broken => "broken",
        _ => "not applicable",
    };

    /// <inheritdoc />
    public bool Equals(InvariantVerdict? other) =>
        other is not null && Id == other.Id && Promised == other.Promised && NotApplicableBecause == other.NotApplicableBecause
        && Note == other.Note && Violations.SequenceEqual(other.Violations);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, Promised, NotApplicableBecause, Violations.Count);
}
