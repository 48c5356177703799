using EtcdLab.Driver.Containers;

namespace EtcdLab.Driver.WaitStrategies;

/// <summary>
/// A readiness condition on a cluster, checked over and over until it holds or a deadline passes
/// (never a fixed sleep). One check must be quick and must honour <c>ct</c>; the
/// <see cref="WaitCheck.Progress"/> it returns is what a timeout reports.
/// </summary>
public interface IEtcdWaitStrategy
{
    /// <summary>What the strategy waits for, for messages: <c>a leader elected by m1, m2, m3</c>.</summary>
    string Description { get; }

    /// <summary>Checks the condition once.</summary>
    /// <param name="cluster">The cluster to look at.</param>
    /// <param name="callTimeout">Bound of each etcd call the check makes.</param>
    /// <param name="ct">Cancelled when the deadline passes.</param>
    Task<WaitCheck> CheckAsync(EtcdCluster cluster, TimeSpan callTimeout, CancellationToken ct);
}
