namespace EtcdLab.Core.Events;

/// <summary>The run begins: what ran, where, with which seed (no run id or wall-clock time, so that the same seed gives the same bytes), and everything the scenario declares, so checkers need nothing but the log.</summary>
/// <param name="Target"><c>sim</c> or <c>docker</c>.</param>
/// <param name="Seed">Seed of the run.</param>
/// <param name="Scenario">The scenario and its promises.</param>
public sealed record RunStarted(
    string Target,
    ulong Seed,
    ScenarioDeclaration Scenario) : RunEvent;
