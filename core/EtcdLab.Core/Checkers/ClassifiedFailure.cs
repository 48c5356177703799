namespace EtcdLab.Core.Checkers;

/// <summary>One failure of a run under a fault schedule, placed among its faults.</summary>
/// <param name="Failure">The invariant id, or <see cref="FaultVerdict.ProcedureCompletes"/> for a step that failed.</param>
/// <param name="Step">The step where it happened.</param>
/// <param name="Tolerance">Whether it is the runbook's (within tolerance) or the schedule's (beyond tolerance).</param>
/// <param name="Message">What happened, as the checker or the step explained it.</param>
/// <param name="Fault">The fault beyond tolerance it is put down to, in words; null when it is within tolerance.</param>
public sealed record ClassifiedFailure(string Failure, int Step, FaultTolerance Tolerance, string Message, string? Fault = null);
