namespace EtcdLab.Core.Events;

/// <summary>One invariant's verdict in <see cref="RunChecked"/>.</summary>
/// <param name="Id">The invariant, for example <c>quorum-kept</c>.</param>
/// <param name="Promised">The scenario promised it (a broken promised invariant fails the run).</param>
/// <param name="Status"><c>holds</c>, <c>broken</c> or <c>not-applicable</c>.</param>
/// <param name="Violations">How many breaches the checker found.</param>
/// <param name="FirstViolationStep">The step of the first breach, null when none.</param>
public sealed record CheckedInvariant(
    string Id,
    bool Promised,
    string Status,
    int Violations,
    int? FirstViolationStep);
