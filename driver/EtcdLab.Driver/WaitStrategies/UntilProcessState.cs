using EtcdLab.Core.Targets;
using EtcdLab.Driver.Containers;

namespace EtcdLab.Driver.WaitStrategies;

/// <summary>Holds when the etcd process of <paramref name="host"/> is in <paramref name="state"/>,
/// for example <see cref="ProcessState.Exited"/> after the member learned it was removed.</summary>
public sealed class UntilProcessState(string host, ProcessState state) : IEtcdWaitStrategy
{
    /// <inheritdoc />
    public string Description => $"etcd on {host} {state.ToString().ToLowerInvariant()}";

    /// <inheritdoc />
    public async Task<WaitCheck> CheckAsync(EtcdCluster cluster, TimeSpan callTimeout, CancellationToken ct)
    {
        var current = await cluster[host].GetStateAsync(ct);
        return new WaitCheck(current.Process == state, $"{host}: {current.Process.ToString().ToLowerInvariant()}");
    }
}
