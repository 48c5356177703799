using EtcdLab.Core.Events;
using EtcdLab.Core.Targets;

namespace EtcdLab.Cli.Running;

/// <summary>A finished run: its summary, its folder and its events.</summary>
/// <param name="Summary">Steps, verdicts and how to reproduce.</param>
/// <param name="Folder">The run's folder under reports/runs/.</param>
/// <param name="Events">The run's event stream.</param>
/// <param name="Addresses">Where the target placed the scenario's hosts.</param>
public sealed record RunOutcome(RunSummary Summary, string Folder, IReadOnlyList<RunEvent> Events, AddressMap Addresses);
