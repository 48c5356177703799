using EtcdLab.Core.Etcdctl;
using EtcdLab.Core.Recording;
using EtcdLab.Core.Targets;

namespace EtcdLab.Cli.Tests;

/// <summary>A simulated target with a planted failure: the fault function runs before every host
/// action and may throw, as a bug in a target or a Docker engine that goes away would.</summary>
internal sealed class FaultyTarget(IClusterTarget inner, Func<string, Exception?> fault) : IClusterTarget
{
    private Task Before(string action)
    {
        if (fault(action) is { } e) throw e;
        return Task.CompletedTask;
    }

    public string Kind => inner.Kind;
    public TimeSpan Now => inner.Now;
    public AddressMap Addresses => inner.Addresses;
    public async Task InitializeAsync(ClusterSpec spec, IRunRecorder recorder, CancellationToken ct) { await Before("initialize"); await inner.InitializeAsync(spec, recorder, ct); }
    public ProcessState ProcessOf(string host) => inner.ProcessOf(host);
    public string IpOf(string host) => inner.IpOf(host);
    public async Task BootstrapAsync(IReadOnlyList<KeyValuePair<string, EtcdFlags>> members, CancellationToken ct) { await Before("bootstrap"); await inner.BootstrapAsync(members, ct); }
    public async Task StartAsync(string host, EtcdFlags flags, CancellationToken ct) { await Before("start"); await inner.StartAsync(host, flags, ct); }
    public async Task StopAsync(string host, CancellationToken ct) { await Before("stop"); await inner.StopAsync(host, ct); }
    public async Task KillAsync(string host, CancellationToken ct) { await Before("kill"); await inner.KillAsync(host, ct); }
    public async Task PauseAsync(string host, CancellationToken ct) { await Before("pause"); await inner.PauseAsync(host, ct); }
    public async Task ResumeAsync(string host, CancellationToken ct) { await Before("resume"); await inner.ResumeAsync(host, ct); }
    public async Task RemoveDirectoryAsync(string host, string path, CancellationToken ct) { await Before("remove"); await inner.RemoveDirectoryAsync(host, path, ct); }
    public async Task CopyDirectoryAsync(string host, string from, string to, CancellationToken ct) { await Before("copy"); await inner.CopyDirectoryAsync(host, from, to, ct); }
    public async Task CopyDirectoryLiveAsync(string host, string from, string to, CancellationToken ct) { await Before("copy"); await inner.CopyDirectoryLiveAsync(host, from, to, ct); }
    public async Task CopyFileAsync(string fromHost, string fromPath, string toHost, string toPath, CancellationToken ct) { await Before("copy-file"); await inner.CopyFileAsync(fromHost, fromPath, toHost, toPath, ct); }
    public async Task WriteFileAsync(string host, string path, byte[] content, CancellationToken ct) { await Before("write-file"); await inner.WriteFileAsync(host, path, content, ct); }
    public async Task<byte[]?> ReadFileAsync(string host, string path, CancellationToken ct) { await Before("read-file"); return await inner.ReadFileAsync(host, path, ct); }
    public DateTimeOffset HostClock => inner.HostClock;
    public Task UseClientCredentialsAsync(ClientCredentials credentials, CancellationToken ct) => inner.UseClientCredentialsAsync(credentials, ct);
    public async Task ChangeIpAsync(string host, string newIp, EtcdFlags? flagsAfterMove, CancellationToken ct) { await Before("change-ip"); await inner.ChangeIpAsync(host, newIp, flagsAfterMove, ct); }
    public async Task PartitionAsync(IReadOnlyList<IReadOnlyList<string>> groups, CancellationToken ct) { await Before("partition"); await inner.PartitionAsync(groups, ct); }
    public async Task HealAsync(CancellationToken ct) { await Before("heal"); await inner.HealAsync(ct); }
    public async Task DegradeLinksAsync(string host, TimeSpan latency, double lossRate, CancellationToken ct) { await Before("degrade"); await inner.DegradeLinksAsync(host, latency, lossRate, ct); }
    public async Task RestoreLinksAsync(string host, CancellationToken ct) { await Before("restore"); await inner.RestoreLinksAsync(host, ct); }
    public Task<EtcdctlOutput> RunEtcdctlAsync(string host, string defaultEndpoint, EtcdctlInvocation invocation, IClusterTarget clientCalls, CancellationToken ct) => inner.RunEtcdctlAsync(host, defaultEndpoint, invocation, clientCalls, ct);
    public Task<RpcResult<MemberListReply>> MemberListAsync(string endpoint, TimeSpan timeout, CancellationToken ct) => inner.MemberListAsync(endpoint, timeout, ct);
    public Task<RpcResult<MemberAddReply>> MemberAddAsync(string endpoint, IReadOnlyList<string> peerUrls, bool isLearner, TimeSpan timeout, CancellationToken ct) => inner.MemberAddAsync(endpoint, peerUrls, isLearner, timeout, ct);
    public Task<RpcResult<MemberListReply>> MemberRemoveAsync(string endpoint, ulong memberId, TimeSpan timeout, CancellationToken ct) => inner.MemberRemoveAsync(endpoint, memberId, timeout, ct);
    public Task<RpcResult<MemberListReply>> MemberUpdateAsync(string endpoint, ulong memberId, IReadOnlyList<string> peerUrls, TimeSpan timeout, CancellationToken ct) => inner.MemberUpdateAsync(endpoint, memberId, peerUrls, timeout, ct);
    public Task<RpcResult<MemberListReply>> MemberPromoteAsync(string endpoint, ulong memberId, TimeSpan timeout, CancellationToken ct) => inner.MemberPromoteAsync(endpoint, memberId, timeout, ct);
    public Task<RpcResult<StatusReply>> StatusAsync(string endpoint, TimeSpan timeout, CancellationToken ct) => inner.StatusAsync(endpoint, timeout, ct);
    public Task<RpcResult<RangeReply>> RangeAsync(string endpoint, string key, string? rangeEnd, bool serializable, TimeSpan timeout, CancellationToken ct) => inner.RangeAsync(endpoint, key, rangeEnd, serializable, timeout, ct);
    public Task<RpcResult<PutReply>> PutAsync(string endpoint, string key, string value, TimeSpan timeout, CancellationToken ct) => inner.PutAsync(endpoint, key, value, timeout, ct);
    public Task<IReadOnlyList<HealthReply>> CheckHealthAsync(IReadOnlyList<string> endpoints, TimeSpan timeout, CancellationToken ct) => inner.CheckHealthAsync(endpoints, timeout, ct);
    public Task<RpcResult<SnapshotSaveReply>> SnapshotSaveAsync(string endpoint, string host, string path, TimeSpan timeout, CancellationToken ct) => inner.SnapshotSaveAsync(endpoint, host, path, timeout, ct);
    public Task<RpcResult<SnapshotRestoreReply>> SnapshotRestoreAsync(string host, SnapshotRestoreRequest request, CancellationToken ct) => inner.SnapshotRestoreAsync(host, request, ct);
    public Task<RpcResult<BackupReply>> BackupAsync(string host, BackupRequest request, CancellationToken ct) => inner.BackupAsync(host, request, ct);
    public bool? ServesV2At(string endpoint) => inner.ServesV2At(endpoint);
    public Task DelayAsync(TimeSpan duration, CancellationToken ct) => inner.DelayAsync(duration, ct);
    public Task StartWriterAsync(WriterSpec spec, CancellationToken ct) => inner.StartWriterAsync(spec, ct);
    public Task StopWriterAsync(string writer, CancellationToken ct) => inner.StopWriterAsync(writer, ct);
    public Task<ClusterObservation> ObserveAsync(CancellationToken ct) => inner.ObserveAsync(ct);
    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
