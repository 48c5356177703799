namespace EtcdLab.Core.Events;

/// <summary>The run ended without finishing: the harness or a target failed (a bug, an engine that went
/// away), so the procedure and its verification did not complete. The events before it are what
/// happened up to the failure; checkers may still read them, but no verdict on the run is complete.</summary>
/// <param name="Error">What failed, in one line.</param>
/// <param name="Details">What a bug report needs (the exception with its stack trace), null when there is nothing more.</param>
public sealed record RunAborted(
    string Error,
    string? Details) : RunEvent;
