using EtcdLab.Driver.Containers;
using EtcdLab.Driver.Exceptions;

namespace EtcdLab.Driver.WaitStrategies;

/// <summary>Polls wait strategies until they hold, each within what is left of one deadline.</summary>
internal static class Waiter
{
    /// <summary>Longest single etcd call of a check, so that a check that hangs is retried.</summary>
    private static readonly TimeSpan MaxCallTimeout = TimeSpan.FromSeconds(2);

    public static async Task UntilAsync(EtcdCluster cluster, IReadOnlyList<IEtcdWaitStrategy> strategies, TimeSpan timeout, TimeSpan pollInterval, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        foreach (var strategy in strategies)
        {
            var last = "not checked yet";
            while (true)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                    throw new WaitStrategyTimeoutException(cluster.RunId, strategy.Description, timeout, last, cluster.DescribeLogs());
                using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
                bound.CancelAfter(left);
                try
                {
                    var check = await strategy.CheckAsync(cluster, left < MaxCallTimeout ? left : MaxCallTimeout, bound.Token);
                    last = check.Progress;
                    if (check.IsReady) break;
                    await Task.Delay(pollInterval, bound.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    // The deadline passed inside the check; the loop reports it.
                }
            }
        }
    }
}
