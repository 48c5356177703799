namespace EtcdLab.Core.Running;

/// <summary>Bounds of the runner's own waits, in the target's time.</summary>
/// <param name="RunId">Unique id of the run (names its folder, stream, containers).</param>
/// <param name="Seed">Seed of the run.</param>
/// <param name="BootstrapTimeout">How long the initial cluster may take to elect a leader and publish every member.</param>
/// <param name="SettleTimeout">How long the final verification waits for running members to agree.</param>
/// <param name="PollInterval">Time between two observations while waiting for a condition.</param>
/// <param name="RetryInterval">Time between two attempts of a step that retries.</param>
public sealed record RunOptions(
    string RunId,
    ulong Seed,
    TimeSpan BootstrapTimeout,
    TimeSpan SettleTimeout,
    TimeSpan PollInterval,
    TimeSpan RetryInterval)
{
    /// <summary>Faults to strike around the procedure's steps (<c>etcdlab run --faults</c>); null or empty for none.</summary>
    public Faults.FaultSchedule? Faults { get; init; }

    /// <summary>Run every step even after one failed (a replayed incident: its operator went on); the run
    /// still records the first failure as the procedure's.</summary>
    public bool KeepGoing { get; init; }

    /// <summary>Defaults: 30 s bootstrap, 15 s settle, 20 ms polling, 1 s between retries.</summary>
    public static RunOptions For(string runId, ulong seed) =>
        new(runId, seed, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(1));
}
