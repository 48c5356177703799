using EtcdLab.Core.Faults;

namespace EtcdLab.Fuzz.Generation;

/// <summary>A step boundary a fault can be placed at: right before or right after a runbook step.</summary>
/// <param name="At">The placement (offset zero).</param>
/// <param name="StepText">The step as the scenario states it (<c>etcdctl member add m4 ... (on m1)</c>).</param>
/// <param name="Time">When the boundary came in a fault-free run (target time), for tolerance estimates.</param>
public sealed record Boundary(FaultPlacement At, string StepText, TimeSpan Time);
