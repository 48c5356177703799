using EtcdLab.Core.Events;

namespace EtcdLab.Core.Running;

/// <summary>What a run produced: its event stream and whether every step met its expectations.</summary>
/// <param name="Events">The whole event stream, in order.</param>
/// <param name="StepsPassed">True when every step met its expectations.</param>
/// <param name="FailedStep">The step that failed, if one did.</param>
/// <param name="Failure">What that step expected and what happened.</param>
public sealed record RunResult(IReadOnlyList<RunEvent> Events, bool StepsPassed, int? FailedStep, string? Failure);
