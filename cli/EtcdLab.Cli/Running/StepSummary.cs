namespace EtcdLab.Cli.Running;

/// <summary>One step's outcome in a run summary.</summary>
/// <param name="Index">Step number.</param>
/// <param name="Text">The step in one line.</param>
/// <param name="Outcome"><c>passed</c>, <c>failed</c> or <c>skipped</c>; for a row of the fault schedule,
/// <c>fault</c> (it struck), <c>fault skipped</c> or <c>undone</c>.</param>
/// <param name="Attempts">How many times it was tried.</param>
/// <param name="Failure">What it expected and what happened, when it failed.</param>
/// <param name="At">Target time when it ended.</param>
public sealed record StepSummary(int Index, string Text, string Outcome, int Attempts, string? Failure, TimeSpan? At);
