using EtcdLab.Core.Checkers;

namespace EtcdLab.Cli.Running;

/// <summary>What <c>summary.json</c> holds beside a run's events.</summary>
/// <param name="RunId">The run's id (its folder name).</param>
/// <param name="Scenario">Scenario name.</param>
/// <param name="File">Scenario file.</param>
/// <param name="Target"><c>sim</c> or <c>docker</c>.</param>
/// <param name="Seed">Seed of the run.</param>
/// <param name="Passed">True when no promised invariant is broken (one that does not apply does not fail a run) and every step met its expectation.</param>
/// <param name="Steps">Every step with its outcome.</param>
/// <param name="Invariants">Every checker's verdict: <c>status</c> is <c>holds</c>, <c>broken</c> or <c>not-applicable</c>
/// (with <c>notApplicableBecause</c>); <c>holds</c> keeps its earlier meaning, no breach found, for older readers.</param>
/// <param name="Reproduce">The command that runs the same scenario with the same seed again.</param>
/// <param name="TargetTime">Time the run took on the target (virtual on the simulator).</param>
/// <param name="WallTime">Wall-clock time the run took.</param>
/// <param name="Aborted">Why the run ended without finishing (the harness or the target failed), null when it finished.</param>
/// <param name="Faults">For a run under a fault schedule (<c>--faults</c>): how many faults struck, how many beyond
/// tolerance, and every failure classified as the runbook breaking within the failures it should tolerate or as
/// beyond tolerance (<c>outcome</c>: <c>within</c>, <c>beyond</c>, or absent when nothing failed); null, and absent
/// from <c>summary.json</c>, for a run without one.</param>
public sealed record RunSummary(
    string RunId,
    string Scenario,
    string File,
    string Target,
    ulong Seed,
    bool Passed,
    IReadOnlyList<StepSummary> Steps,
    IReadOnlyList<InvariantVerdict> Invariants,
    string Reproduce,
    TimeSpan TargetTime,
    TimeSpan WallTime,
    string? Aborted = null,
    FaultVerdict? Faults = null);
