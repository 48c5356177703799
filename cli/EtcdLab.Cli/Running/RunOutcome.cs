using EtcdLab.Core.Events;
using EtcdLab.Core.Targets;

namespace EtcdLab.Cli.Running;

/// <summary>A finished run: its summary, its folder and its events.</summary>
/// <param name="Summary">Steps, verdicts and how to reproduce.</param>
/// <param name="Folder">The run's folder under reports/runs/.</param>
/// <param name="Events">The run's event stream.</param>
/// <param name="Addresses">Where the target placed the scenario's hosts (identity when the run aborted before it placed them).</param>
/// <param name="StoreError">Why the event store did not take the run's stream, null when it did or there is none;
/// the run itself is complete in its folder.</param>
/// <param name="CleanupError">Why removing the target's hosts failed, null when it did not.</param>
public sealed record RunOutcome(
    RunSummary Summary,
    string Folder,
    IReadOnlyList<RunEvent> Events,
    AddressMap Addresses,
    string? StoreError = null,
    string? CleanupError = null)
{
    /// <summary>True when the run ended without finishing (see <see cref="RunSummary.Aborted"/>).</summary>
    public bool Aborted => Summary.Aborted is not null;
}
