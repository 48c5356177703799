using EtcdLab.Core.Targets;
using EtcdLab.Sim.Clients;
using EtcdLab.Sim.Hosts;
using EtcdLab.Sim.Server;

namespace EtcdLab.Sim;

public sealed partial class SimulatedClusterTarget
{
    /// <summary>Sends <paramref name="op"/> to whatever listens at <paramref name="endpoint"/>: refused at once when nothing does.</summary>
    private ClientCall Call(string endpoint, ClientOp op, TimeSpan timeout, Action<ClientCall>? onComplete = null)
    {
        _ = Sim;
        if (_network!.ClientEndpointHost(endpoint) is not { } host) return _client!.Refused(endpoint);
        return _client!.Send(_hosts[host], host, op, Math.Max(0, Micros(timeout)), onComplete);
    }

    private RpcResult<T> Rpc<T>(string endpoint, ClientOp op, TimeSpan timeout, CancellationToken ct) where T : class
    {
        ct.ThrowIfCancellationRequested();
        var call = Call(endpoint, op, timeout);
        RunUntil(() => call.Completed, ct);
        return call.Result switch
        {
            T value => RpcResult<T>.Ok(value),
            RpcError error => RpcResult<T>.Fail(error),
            var other => throw new InvalidOperationException($"{op} answered with {other?.GetType().Name ?? "nothing"}, not {typeof(T).Name}"),
        };
    }

    /// <inheritdoc />
    public override Task<RpcResult<MemberListReply>> MemberListAsync(string endpoint, TimeSpan timeout, CancellationToken ct) =>
        Task.FromResult(Rpc<MemberListReply>(endpoint, new MemberListOp(), timeout, ct));

    /// <inheritdoc />
    public override Task<RpcResult<MemberAddReply>> MemberAddAsync(string endpoint, IReadOnlyList<string> peerUrls, bool isLearner, TimeSpan timeout, CancellationToken ct) =>
        Task.FromResult(Rpc<MemberAddReply>(endpoint, new MemberAddOp(peerUrls.ToArray(), isLearner), timeout, ct));

    /// <inheritdoc />
    public override Task<RpcResult<MemberListReply>> MemberRemoveAsync(string endpoint, ulong memberId, TimeSpan timeout, CancellationToken ct) =>
        Task.FromResult(Rpc<MemberListReply>(endpoint, new MemberRemoveOp(memberId), timeout, ct));

    /// <inheritdoc />
    public override Task<RpcResult<MemberListReply>> MemberUpdateAsync(string endpoint, ulong memberId, IReadOnlyList<string> peerUrls, TimeSpan timeout, CancellationToken ct) =>
        Task.FromResult(Rpc<MemberListReply>(endpoint, new MemberUpdateOp(memberId, peerUrls.ToArray()), timeout, ct));

    /// <inheritdoc />
    public override Task<RpcResult<MemberListReply>> MemberPromoteAsync(string endpoint, ulong memberId, TimeSpan timeout, CancellationToken ct) =>
        Task.FromResult(Rpc<MemberListReply>(endpoint, new MemberPromoteOp(memberId), timeout, ct));

    /// <inheritdoc />
    public override Task<RpcResult<StatusReply>> StatusAsync(string endpoint, TimeSpan timeout, CancellationToken ct) =>
        Task.FromResult(Rpc<StatusReply>(endpoint, new StatusOp(), timeout, ct));

    /// <inheritdoc />
    public override Task<RpcResult<RangeReply>> RangeAsync(string endpoint, string key, string? rangeEnd, bool serializable, TimeSpan timeout, CancellationToken ct) =>
        Task.FromResult(Rpc<RangeReply>(endpoint, new RangeOp(key, rangeEnd, serializable), timeout, ct));

    /// <inheritdoc />
    public override Task<RpcResult<PutReply>> PutAsync(string endpoint, string key, string value, TimeSpan timeout, CancellationToken ct) =>
        Task.FromResult(Rpc<PutReply>(endpoint, new PutOp(key, value), timeout, ct));

    /// <inheritdoc />
    public override Task<IReadOnlyList<HealthReply>> CheckHealthAsync(IReadOnlyList<string> endpoints, TimeSpan timeout, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        // Every endpoint at once, each bounded by the timeout, in virtual time.
        var calls = endpoints.Select(ep => Call(ep, new RangeOp("health", null, Serializable: false), timeout)).ToArray();
        RunUntil(() => calls.All(c => c.Completed), ct);
        IReadOnlyList<HealthReply> replies = endpoints.Zip(calls, (ep, c) => new HealthReply(
            ep,
            c.Result is RangeReply,
            TimeSpan.FromTicks((c.CompletedMicros - c.StartMicros) * 10),
            (c.Result as RpcError)?.Message)).ToArray();
        return Task.FromResult(replies);
    }

    /// <inheritdoc />
    protected override Task<RpcResult<SnapshotSaveReply>> SnapshotSaveCoreAsync(string endpoint, string host, string path, TimeSpan timeout, CancellationToken ct)
    {
        var result = Rpc<SnapshotFile>(endpoint, new SnapshotOp(), timeout, ct);
        if (!result.IsOk) return Task.FromResult(RpcResult<SnapshotSaveReply>.Fail(result.Error));
        var file = result.Value;
        HostAction(host, (id, inbox) => new HostProtocol.WriteFile(id, path, file, inbox), ct);
        return Task.FromResult(RpcResult<SnapshotSaveReply>.Ok(new SnapshotSaveReply(path, file.SizeBytes, file.State.Revision)));
    }
}
