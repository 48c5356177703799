using EtcdLab.Core.Faults;

namespace EtcdLab.Cli.Running;

/// <summary>A fault schedule a run applies, with the file it was read from (for the reproduction line).</summary>
/// <param name="File">The schedule file.</param>
/// <param name="Schedule">The faults.</param>
public sealed record FaultsRequest(string File, FaultSchedule Schedule);
