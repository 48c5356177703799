namespace EtcdLab.Core.Events;

/// <summary>A step begins.</summary>
/// <param name="Index">Step number (0 is the cluster bootstrap; the last is the final verification).</param>
/// <param name="Text">The step as the scenario states it.</param>
public sealed record StepStarted(
    int Index,
    string Text) : RunEvent;
