namespace EtcdLab.Core.Events;

/// <summary>The run ends.</summary>
/// <param name="StepsPassed">True when every step met its expectations.</param>
/// <param name="Failure">Why the procedure stopped early, if it did.</param>
public sealed record RunFinished(
    bool StepsPassed,
    string? Failure) : RunEvent;
