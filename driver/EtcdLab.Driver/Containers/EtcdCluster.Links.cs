using EtcdLab.Driver.Network;

namespace EtcdLab.Driver.Containers;

public sealed partial class EtcdCluster
{
    private readonly Lock _linksLock = new();
    private LinkDegrader? _links;

    /// <summary>The latency and loss rate in force on each degraded host's peer links.</summary>
    public IReadOnlyDictionary<string, (TimeSpan Latency, double LossRate)> DegradedLinks =>
        _links?.Degraded ?? new Dictionary<string, (TimeSpan, double)>();

    /// <summary>Delays every peer packet to and from <paramref name="host"/> by <paramref name="latency"/> more and
    /// drops <paramref name="lossRate"/> of them (0 to 1), in both directions, until <see cref="RestoreLinksAsync"/>;
    /// replaces the host's earlier degradation. Client traffic (port 2379) is not touched. The degradation
    /// stays with the host across restarts and address changes.</summary>
    /// <exception cref="Core.Exceptions.EnvironmentException">iptables or the netfilter queue refused (not root, or a kernel without NFQUEUE).</exception>
    public Task DegradeLinksAsync(string host, TimeSpan latency, double lossRate, CancellationToken ct)
    {
        var container = this[host];
        if (!_conntrackAvailable) throw ConntrackTable.Missing("degrades peer links");
        return Links().DegradeAsync(host, container.Index, container.Ip, latency, lossRate, ct);
    }

    /// <summary>Lifts the degradation of <paramref name="host"/>'s peer links; nothing when they are not
    /// degraded. Packets already held leave at their time first, so this may take up to the host's latency.</summary>
    public Task RestoreLinksAsync(string host, CancellationToken ct)
    {
        _ = this[host];
        return _links?.RestoreAsync(host, ct) ?? Task.CompletedTask;
    }

    /// <summary>The degraded links of the run, made on first use.</summary>
    internal LinkDegrader Links()
    {
        lock (_linksLock) return _links ??= new LinkDegrader(RunId, Slot);
    }

    private Task KeepLinksDegradedAsync(string host, string newIp, CancellationToken ct) =>
        _links?.MovedAsync(host, newIp, ct) ?? Task.CompletedTask;

    private ValueTask DisposeLinksAsync() => _links?.DisposeAsync() ?? ValueTask.CompletedTask;
}
