namespace EtcdLab.Cli.Running;

/// <summary>How the minimal schedule of a finding fared on real etcd.</summary>
/// <param name="Runs">Docker runs.</param>
/// <param name="Failed">Runs that failed.</param>
/// <param name="SameWay">Runs that failed breaking something the simulator's run broke.</param>
/// <param name="Aborted">Runs that did not finish (the lab failed, not the runbook).</param>
/// <param name="Folders">The runs' folders.</param>
public sealed record DockerConfirmation(int Runs, int Failed, int SameWay, int Aborted, IReadOnlyList<string> Folders);
