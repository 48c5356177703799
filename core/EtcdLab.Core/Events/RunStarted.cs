namespace EtcdLab.Core.Events;

/// <summary>The run begins: what ran, where, with which seed (no run id or wall-clock time, so that the same seed gives the same bytes), and everything the scenario declares, so checkers need nothing but the log.</summary>
/// <param name="Target"><c>sim</c> or <c>docker</c>.</param>
/// <param name="Seed">Seed of the run.</param>
/// <param name="Scenario">The scenario and its promises, with the addresses the hosts really have.</param>
/// <param name="AddressSlot">The loopback slot S the target moved the scenario's 127.0.x.y addresses to
/// (127.S.x.y); 0 when they are as the file writes them.</param>
public sealed record RunStarted(
    string Target,
    ulong Seed,
    ScenarioDeclaration Scenario,
    int AddressSlot = 0) : RunEvent;
