namespace EtcdLab.Core.Checkers;

/// <summary>One breach of an invariant, explained for an operator.</summary>
/// <param name="Step">The step where it happened.</param>
/// <param name="Host">The host it concerns, if one.</param>
/// <param name="Message">What happened, at which step, to which member, key or cluster ID, and which runbook warning it breaks.</param>
public sealed record Violation(int Step, string? Host, string Message);
