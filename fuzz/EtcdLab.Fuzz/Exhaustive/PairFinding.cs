using EtcdLab.Fuzz.Running;

namespace EtcdLab.Fuzz.Exhaustive;

/// <summary>Two faults that break the runbook together although it survives each of them alone.</summary>
/// <param name="First">The first fault: its step and column.</param>
/// <param name="Second">The second fault.</param>
/// <param name="Result">The run of both.</param>
public sealed record PairFinding((int Step, FaultColumn Column) First, (int Step, FaultColumn Column) Second, CaseResult Result);
