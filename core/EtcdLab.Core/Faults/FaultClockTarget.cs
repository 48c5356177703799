using EtcdLab.Core.Etcdctl;
using EtcdLab.Core.Recording;
using EtcdLab.Core.Targets;

namespace EtcdLab.Core.Faults;

/// <summary>
/// The target as the runner sees it during a run with faults: every call first lets the
/// <see cref="FaultInjector"/> apply what is due by now, and a wait is cut at each due time, so a
/// fault placed with an offset strikes in the middle of a step, in target time, on both targets.
/// A call that itself takes long (an RPC to a dead cluster) is not cut: what falls due meanwhile
/// strikes right after it.
/// </summary>
internal sealed class FaultClockTarget(IClusterTarget inner, FaultInjector faults) : IClusterTarget
{
    private Task DueAsync(CancellationToken ct) => faults.NextDue is { } due && due <= inner.Now ? faults.FireDueAsync(ct) : Task.CompletedTask;

    /// <inheritdoc />
    public async Task DelayAsync(TimeSpan duration, CancellationToken ct)
    {
        var end = inner.Now + duration;
        while (true)
        {
            await DueAsync(ct);
            var now = inner.Now;
            if (now >= end) return;
            var until = faults.NextDue is { } due && due < end ? due : end;
            await inner.DelayAsync(until > now ? until - now : TimeSpan.Zero, ct);
            if (until == end) { await DueAsync(ct); return; }
        }
    }

    public string Kind => inner.Kind;
    public TimeSpan Now => inner.Now;
    public AddressMap Addresses => inner.Addresses;
    public Task InitializeAsync(ClusterSpec spec, IRunRecorder recorder, CancellationToken ct) => inner.InitializeAsync(spec, recorder, ct);
    public ProcessState ProcessOf(string host) => inner.ProcessOf(host);
    public string IpOf(string host) => inner.IpOf(host);
    public ValueTask DisposeAsync() => inner.DisposeAsync();

    public async Task BootstrapAsync(IReadOnlyList<KeyValuePair<string, EtcdFlags>> members, CancellationToken ct) { await DueAsync(ct); await inner.BootstrapAsync(members, ct); }
    public async Task StartAsync(string host, EtcdFlags flags, CancellationToken ct) { await DueAsync(ct); await inner.StartAsync(host, flags, ct); }
    public async Task StopAsync(string host, CancellationToken ct) { await DueAsync(ct); await inner.StopAsync(host, ct); }
    public async Task KillAsync(string host, CancellationToken ct) { await DueAsync(ct); await inner.KillAsync(host, ct); }
    public async Task PauseAsync(string host, CancellationToken ct) { await DueAsync(ct); await inner.PauseAsync(host, ct); }
    public async Task ResumeAsync(string host, CancellationToken ct) { await DueAsync(ct); await inner.ResumeAsync(host, ct); }
    public async Task RemoveDirectoryAsync(string host, string path, CancellationToken ct) { await DueAsync(ct); await inner.RemoveDirectoryAsync(host, path, ct); }
    public async Task CopyDirectoryAsync(string host, string from, string to, CancellationToken ct) { await DueAsync(ct); await inner.CopyDirectoryAsync(host, from, to, ct); }
    public async Task CopyDirectoryLiveAsync(string host, string from, string to, CancellationToken ct) { await DueAsync(ct); await inner.CopyDirectoryLiveAsync(host, from, to, ct); }
    public async Task CopyFileAsync(string fromHost, string fromPath, string toHost, string toPath, CancellationToken ct) { await DueAsync(ct); await inner.CopyFileAsync(fromHost, fromPath, toHost, toPath, ct); }
    public async Task WriteFileAsync(string host, string path, byte[] content, CancellationToken ct) { await DueAsync(ct); await inner.WriteFileAsync(host, path, content, ct); }
    public async Task<byte[]?> ReadFileAsync(string host, string path, CancellationToken ct) { await DueAsync(ct); return await inner.ReadFileAsync(host, path, ct); }
    public DateTimeOffset HostClock => inner.HostClock;
    public Task UseClientCredentialsAsync(ClientCredentials credentials, CancellationToken ct) => inner.UseClientCredentialsAsync(credentials, ct);
    public async Task ChangeIpAsync(string host, string newIp, EtcdFlags? flagsAfterMove, CancellationToken ct) { await DueAsync(ct); await inner.ChangeIpAsync(host, newIp, flagsAfterMove, ct); }
    public async Task PartitionAsync(IReadOnlyList<IReadOnlyList<string>> groups, CancellationToken ct) { await DueAsync(ct); await inner.PartitionAsync(groups, ct); }
    public async Task HealAsync(CancellationToken ct) { await DueAsync(ct); await inner.HealAsync(ct); }
    public async Task DegradeLinksAsync(string host, TimeSpan latency, double lossRate, CancellationToken ct) { await DueAsync(ct); await inner.DegradeLinksAsync(host, latency, lossRate, ct); }
    public async Task RestoreLinksAsync(string host, CancellationToken ct) { await DueAsync(ct); await inner.RestoreLinksAsync(host, ct); }
    public async Task StartWriterAsync(WriterSpec spec, CancellationToken ct) { await DueAsync(ct); await inner.StartWriterAsync(spec, ct); }
    public async Task StopWriterAsync(string writer, CancellationToken ct) { await DueAsync(ct); await inner.StopWriterAsync(writer, ct); }
    public async Task<ClusterObservation> ObserveAsync(CancellationToken ct) { await DueAsync(ct); return await inner.ObserveAsync(ct); }
    public async Task<RpcResult<MemberListReply>> MemberListAsync(string endpoint, TimeSpan timeout, CancellationToken ct) { await DueAsync(ct); return await inner.MemberListAsync(endpoint, timeout, ct); }
    public async Task<RpcResult<MemberAddReply>> MemberAddAsync(string endpoint, IReadOnlyList<string> peerUrls, bool isLearner, TimeSpan timeout, CancellationToken ct) { await DueAsync(ct); return await inner.MemberAddAsync(endpoint, peerUrls, isLearner, timeout, ct); }
    public async Task<RpcResult<MemberListReply>> MemberRemoveAsync(string endpoint, ulong memberId, TimeSpan timeout, CancellationToken ct) { await DueAsync(ct); return await inner.MemberRemoveAsync(endpoint, memberId, timeout, ct); }
    public async Task<RpcResult<MemberListReply>> MemberUpdateAsync(string endpoint, ulong memberId, IReadOnlyList<string> peerUrls, TimeSpan timeout, CancellationToken ct) { await DueAsync(ct); return await inner.MemberUpdateAsync(endpoint, memberId, peerUrls, timeout, ct); }
    public async Task<RpcResult<MemberListReply>> MemberPromoteAsync(string endpoint, ulong memberId, TimeSpan timeout, CancellationToken ct) { await DueAsync(ct); return await inner.MemberPromoteAsync(endpoint, memberId, timeout, ct); }
    public async Task<RpcResult<StatusReply>> StatusAsync(string endpoint, TimeSpan timeout, CancellationToken ct) { await DueAsync(ct); return await inner.StatusAsync(endpoint, timeout, ct); }
    public async Task<RpcResult<RangeReply>> RangeAsync(string endpoint, string key, string? rangeEnd, bool serializable, TimeSpan timeout, CancellationToken ct) { await DueAsync(ct); return await inner.RangeAsync(endpoint, key, rangeEnd, serializable, timeout, ct); }
    public async Task<RpcResult<PutReply>> PutAsync(string endpoint, string key, string value, TimeSpan timeout, CancellationToken ct) { await DueAsync(ct); return await inner.PutAsync(endpoint, key, value, timeout, ct); }
    public async Task<IReadOnlyList<HealthReply>> CheckHealthAsync(IReadOnlyList<string> endpoints, TimeSpan timeout, CancellationToken ct) { await DueAsync(ct); return await inner.CheckHealthAsync(endpoints, timeout, ct); }
    public async Task<RpcResult<SnapshotSaveReply>> SnapshotSaveAsync(string endpoint, string host, string path, TimeSpan timeout, CancellationToken ct) { await DueAsync(ct); return await inner.SnapshotSaveAsync(endpoint, host, path, timeout, ct); }
    // The emulator's client calls come back through this decorator (clientCalls), each letting what is due strike.
    public async Task<EtcdctlOutput> RunEtcdctlAsync(string host, string defaultEndpoint, EtcdctlInvocation invocation, IClusterTarget clientCalls, CancellationToken ct) { await DueAsync(ct); return await inner.RunEtcdctlAsync(host, defaultEndpoint, invocation, clientCalls, ct); }
    public async Task<RpcResult<SnapshotRestoreReply>> SnapshotRestoreAsync(string host, SnapshotRestoreRequest request, CancellationToken ct) { await DueAsync(ct); return await inner.SnapshotRestoreAsync(host, request, ct); }
    public async Task<RpcResult<BackupReply>> BackupAsync(string host, BackupRequest request, CancellationToken ct) { await DueAsync(ct); return await inner.BackupAsync(host, request, ct); }
    public bool? ServesV2At(string endpoint) => inner.ServesV2At(endpoint);
}
