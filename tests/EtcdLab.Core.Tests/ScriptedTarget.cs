using EtcdLab.Core.Recording;
using EtcdLab.Core.Targets;

namespace EtcdLab.Core.Tests;

/// <summary>A target whose client calls answer what a test scripts; time passes only through DelayAsync.</summary>
internal sealed class ScriptedTarget : IClusterTarget
{
    public Func<string, RpcResult<MemberListReply>> MemberList { get; set; } = _ => RpcError.ConnectionRefused;
    public Func<string, IReadOnlyList<string>, bool, RpcResult<MemberAddReply>> MemberAdd { get; set; } = (_, _, _) => RpcError.ConnectionRefused;
    public Func<string, RpcResult<StatusReply>> Status { get; set; } = _ => RpcError.ConnectionRefused;
    public Func<string, HealthReply> Health { get; set; } = ep => new HealthReply(ep, false, TimeSpan.Zero, RpcError.ConnectionRefused.Message);
    public Func<string, string, string, RpcResult<PutReply>> Put { get; set; } = (_, _, _) => RpcError.ConnectionRefused;
    public Func<string, ulong, RpcResult<MemberListReply>> MemberRemove { get; set; } = (_, _) => RpcError.ConnectionRefused;
    public Func<string, bool?> ServesV2 { get; set; } = _ => null;
    public List<string> Calls { get; } = [];

    public string Kind => "scripted";
    public TimeSpan Now { get; private set; }

    public AddressMap Addresses => AddressMap.Identity;

    public Task InitializeAsync(ClusterSpec spec, IRunRecorder recorder, CancellationToken ct) => Task.CompletedTask;
    public ProcessState ProcessOf(string host) => throw new NotSupportedException();
    public string IpOf(string host) => throw new NotSupportedException();
    public Task BootstrapAsync(IReadOnlyList<KeyValuePair<string, EtcdFlags>> members, CancellationToken ct) => throw new NotSupportedException();

    public Task DelayAsync(TimeSpan duration, CancellationToken ct)
    {
        Now += duration;
        return Task.CompletedTask;
    }

    public Task<RpcResult<MemberListReply>> MemberListAsync(string endpoint, TimeSpan timeout, CancellationToken ct) => Answer($"list {endpoint}", MemberList(endpoint));
    public Task<RpcResult<MemberAddReply>> MemberAddAsync(string endpoint, IReadOnlyList<string> peerUrls, bool isLearner, TimeSpan timeout, CancellationToken ct) =>
        Answer($"add {endpoint}", MemberAdd(endpoint, peerUrls, isLearner));
    public Task<RpcResult<StatusReply>> StatusAsync(string endpoint, TimeSpan timeout, CancellationToken ct) => Answer($"status {endpoint}", Status(endpoint));
    public Task<RpcResult<PutReply>> PutAsync(string endpoint, string key, string value, TimeSpan timeout, CancellationToken ct) => Answer($"put {endpoint}", Put(endpoint, key, value));
    public Task<IReadOnlyList<HealthReply>> CheckHealthAsync(IReadOnlyList<string> endpoints, TimeSpan timeout, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<HealthReply>>(endpoints.Select(Health).ToArray());

    private Task<T> Answer<T>(string call, T result)
    {
        Calls.Add(call);
        return Task.FromResult(result);
    }

    public Task StartAsync(string host, EtcdFlags flags, CancellationToken ct) => throw new NotSupportedException();
    public Task StopAsync(string host, CancellationToken ct) => throw new NotSupportedException();
    public Task KillAsync(string host, CancellationToken ct) => throw new NotSupportedException();
    public Task PauseAsync(string host, CancellationToken ct) => throw new NotSupportedException();
    public Task ResumeAsync(string host, CancellationToken ct) => throw new NotSupportedException();
    public Task RemoveDirectoryAsync(string host, string path, CancellationToken ct) => throw new NotSupportedException();
    public Task CopyDirectoryAsync(string host, string from, string to, CancellationToken ct) => throw new NotSupportedException();
    public Task CopyDirectoryLiveAsync(string host, string from, string to, CancellationToken ct) => throw new NotSupportedException();
    public Task CopyFileAsync(string fromHost, string fromPath, string toHost, string toPath, CancellationToken ct) => throw new NotSupportedException();
    public Task WriteFileAsync(string host, string path, byte[] content, CancellationToken ct) => throw new NotSupportedException();
    public Task<byte[]?> ReadFileAsync(string host, string path, CancellationToken ct) => throw new NotSupportedException();
    public DateTimeOffset HostClock => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) + Now;
    public Task UseClientCredentialsAsync(ClientCredentials credentials, CancellationToken ct) => throw new NotSupportedException();
    public Task ChangeIpAsync(string host, string newIp, EtcdFlags? flagsAfterMove, CancellationToken ct) => throw new NotSupportedException();
    public Task PartitionAsync(IReadOnlyList<IReadOnlyList<string>> groups, CancellationToken ct) => throw new NotSupportedException();
    public Task HealAsync(CancellationToken ct) => throw new NotSupportedException();
    public Task DegradeLinksAsync(string host, TimeSpan latency, double lossRate, CancellationToken ct) => throw new NotSupportedException();
    public Task RestoreLinksAsync(string host, CancellationToken ct) => throw new NotSupportedException();
    public Task<RpcResult<MemberListReply>> MemberRemoveAsync(string endpoint, ulong memberId, TimeSpan timeout, CancellationToken ct) =>
        Answer($"remove {endpoint} {memberId:x}", MemberRemove(endpoint, memberId));
    public bool? ServesV2At(string endpoint) => ServesV2(endpoint);
    public Task<RpcResult<MemberListReply>> MemberUpdateAsync(string endpoint, ulong memberId, IReadOnlyList<string> peerUrls, TimeSpan timeout, CancellationToken ct) => throw new NotSupportedException();
    public Task<RpcResult<MemberListReply>> MemberPromoteAsync(string endpoint, ulong memberId, TimeSpan timeout, CancellationToken ct) => throw new NotSupportedException();
    public Task<RpcResult<RangeReply>> RangeAsync(string endpoint, string key, string? rangeEnd, bool serializable, TimeSpan timeout, CancellationToken ct) => throw new NotSupportedException();
    public Func<string, string, RpcResult<SnapshotSaveReply>> SnapshotSave { get; set; } = (_, _) => RpcError.ConnectionRefused;
    public Task<RpcResult<SnapshotSaveReply>> SnapshotSaveAsync(string endpoint, string host, string path, TimeSpan timeout, CancellationToken ct) => Answer($"snapshot {endpoint}", SnapshotSave(endpoint, path));
    public Task<RpcResult<SnapshotRestoreReply>> SnapshotRestoreAsync(string host, SnapshotRestoreRequest request, CancellationToken ct) => throw new NotSupportedException();
    public Task<RpcResult<BackupReply>> BackupAsync(string host, BackupRequest request, CancellationToken ct) => throw new NotSupportedException();
    public Task StartWriterAsync(WriterSpec spec, CancellationToken ct) => throw new NotSupportedException();
    public Task StopWriterAsync(string writer, CancellationToken ct) => throw new NotSupportedException();
    public Task<ClusterObservation> ObserveAsync(CancellationToken ct) => throw new NotSupportedException();
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
