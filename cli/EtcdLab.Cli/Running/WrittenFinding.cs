namespace EtcdLab.Cli.Running;

/// <summary>A fuzz finding as written to its folder, with its Docker confirmation.</summary>
/// <param name="Folder">reports/fuzz/&lt;id&gt;/.</param>
/// <param name="MinimalRun">The folder of the minimal schedule's full run on the simulator.</param>
/// <param name="MinimalRunFailed">True when that run failed, as the fuzzer's did.</param>
/// <param name="Reproduce">The line that reproduces the minimal failure on the simulator.</param>
/// <param name="Confirmation">The Docker runs of the minimal schedule, null when none was asked for.</param>
public sealed record WrittenFinding(string Folder, string MinimalRun, bool MinimalRunFailed, string Reproduce, DockerConfirmation? Confirmation);
