namespace EtcdLab.Core.Events;

/// <summary>A step ends.</summary>
/// <param name="Index">Step number.</param>
/// <param name="Passed">True when the step met its expectations.</param>
/// <param name="Attempts">How many times the step was tried (more than one when it retries).</param>
/// <param name="Failure">What was expected and what happened, when it failed.</param>
public sealed record StepFinished(
    int Index,
    bool Passed,
    int Attempts,
    string? Failure) : RunEvent;
