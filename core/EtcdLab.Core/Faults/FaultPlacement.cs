using EtcdLab.Core.Scenarios;

namespace EtcdLab.Core.Faults;

/// <summary>When a fault strikes, relative to the runbook's steps: just before or just after a step,
/// plus an optional offset in target time (the fault then strikes while later steps run).</summary>
/// <param name="After">True: after the step ends; false: before it begins.</param>
/// <param name="Step">The step's number (from 1).</param>
/// <param name="Offset">Target time between that boundary and the fault.</param>
public sealed record FaultPlacement(bool After, int Step, TimeSpan Offset)
{
    /// <summary>The placement in words: <c>right after step 8</c>, <c>500ms after step 8 ends</c>.</summary>
    public string Describe() =>
        Offset == TimeSpan.Zero
            ? $"right {(After ? "after" : "before")} step {Step}"
            : $"{Durations.Format(Offset)} after step {Step} {(After ? "ends" : "begins")}";
}
