using System.Diagnostics;
using dotnet_etcd.interfaces;
using EtcdLab.Core.Targets;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;

namespace EtcdLab.Driver.Clients;

/// <summary>
/// etcd's client API as the target contract states it: every call goes to one endpoint, is
/// bounded by its timeout exactly (the gRPC deadline), and returns etcd's own error text instead of
/// throwing. A refused connection answers <see cref="RpcError.ConnectionRefused"/> at once; a member
/// that accepts the connection but does not answer (paused, not yet joined) yields
/// <see cref="RpcError.DeadlineExceeded"/> when the timeout passes.
/// </summary>
public sealed class EtcdRpc(EtcdClientPool pool)
{
    /// <summary>The clients this instance calls through.</summary>
    public EtcdClientPool Pool { get; } = pool;

    /// <summary>MemberList (the receiving member's local view).</summary>
    public Task<RpcResult<MemberListReply>> MemberListAsync(string endpoint, TimeSpan timeout, CancellationToken ct) =>
        CallAsync(endpoint, timeout, idempotent: true, ct,
            (c, o) => c.ClusterClient.MemberListAsync(new MemberListRequest(), o),
            r => new MemberListReply(r.Header.ToHeader(), r.Members.ToMembers()));

    /// <summary>MemberAdd.</summary>
    public Task<RpcResult<MemberAddReply>> MemberAddAsync(string endpoint, IReadOnlyList<string> peerUrls, bool isLearner, TimeSpan timeout, CancellationToken ct) =>
        CallAsync(endpoint, timeout, idempotent: false, ct,
            (c, o) => c.ClusterClient.MemberAddAsync(new MemberAddRequest { PeerURLs = { peerUrls }, IsLearner = isLearner }, o),
            r => new MemberAddReply(r.Header.ToHeader(), r.Member.ToMember(), r.Members.ToMembers()));

    /// <summary>MemberRemove.</summary>
    public Task<RpcResult<MemberListReply>> MemberRemoveAsync(string endpoint, ulong memberId, TimeSpan timeout, CancellationToken ct) =>
        CallAsync(endpoint, timeout, idempotent: false, ct,
            (c, o) => c.ClusterClient.MemberRemoveAsync(new MemberRemoveRequest { ID = memberId }, o),
            r => new MemberListReply(r.Header.ToHeader(), r.Members.ToMembers()));

    /// <summary>MemberUpdate.</summary>
    public Task<RpcResult<MemberListReply>> MemberUpdateAsync(string endpoint, ulong memberId, IReadOnlyList<string> peerUrls, TimeSpan timeout, CancellationToken ct) =>
        CallAsync(endpoint, timeout, idempotent: false, ct,
            (c, o) => c.ClusterClient.MemberUpdateAsync(new MemberUpdateRequest { ID = memberId, PeerURLs = { peerUrls } }, o),
            r => new MemberListReply(r.Header.ToHeader(), r.Members.ToMembers()));

    /// <summary>MemberPromote.</summary>
    public Task<RpcResult<MemberListReply>> MemberPromoteAsync(string endpoint, ulong memberId, TimeSpan timeout, CancellationToken ct) =>
        CallAsync(endpoint, timeout, idempotent: false, ct,
            (c, o) => c.ClusterClient.MemberPromoteAsync(new MemberPromoteRequest { ID = memberId }, o),
            r => new MemberListReply(r.Header.ToHeader(), r.Members.ToMembers()));

    /// <summary>Maintenance Status.</summary>
    public Task<RpcResult<StatusReply>> StatusAsync(string endpoint, TimeSpan timeout, CancellationToken ct) =>
        CallAsync(endpoint, timeout, idempotent: true, ct,
            (c, o) => c.MaintenanceClient.StatusAsync(new StatusRequest(), o),
            r => r.ToStatus());

    /// <summary>Range over <c>[key, rangeEnd)</c>, a single key when <paramref name="rangeEnd"/> is null.</summary>
    public Task<RpcResult<RangeReply>> RangeAsync(string endpoint, string key, string? rangeEnd, bool serializable, TimeSpan timeout, CancellationToken ct)
    {
        var request = new RangeRequest { Key = ByteString.CopyFromUtf8(key), Serializable = serializable };
        if (rangeEnd is not null) request.RangeEnd = ByteString.CopyFromUtf8(rangeEnd);
        return CallAsync(endpoint, timeout, idempotent: true, ct, (c, o) => c.KVClient.RangeAsync(request, o), r => r.ToRange());
    }

    /// <summary>Put one key.</summary>
    public Task<RpcResult<PutReply>> PutAsync(string endpoint, string key, string value, TimeSpan timeout, CancellationToken ct) =>
        CallAsync(endpoint, timeout, idempotent: false, ct,
            (c, o) => c.KVClient.PutAsync(new PutRequest { Key = ByteString.CopyFromUtf8(key), Value = ByteString.CopyFromUtf8(value) }, o),
            r => new PutReply(r.Header.ToHeader()));

    /// <summary><c>etcdctl endpoint health</c>: a linearizable get of <c>health</c> on every endpoint at once.</summary>
    public async Task<IReadOnlyList<HealthReply>> CheckHealthAsync(IReadOnlyList<string> endpoints, TimeSpan timeout, CancellationToken ct) =>
        await Task.WhenAll(endpoints.Select(async endpoint =>
        {
            var clock = Stopwatch.StartNew();
            var result = await RangeAsync(endpoint, "health", null, serializable: false, timeout, ct);
            return new HealthReply(endpoint, result.IsOk, clock.Elapsed, result.Error?.Message);
        }));

    /// <summary>Maintenance Snapshot streamed into <paramref name="file"/> (on this machine) through
    /// <c>file.part</c> and a rename, as etcdctl does; the whole stream is bounded by <paramref name="timeout"/>.</summary>
    /// <param name="endpoint">The member to stream from.</param>
    /// <param name="file">Where to write, on this machine.</param>
    /// <param name="reportedPath">The path to report (the scenario's path for the file).</param>
    /// <param name="timeout">Bound of the whole transfer.</param>
    /// <param name="ct">Cancels the call.</param>
    public async Task<RpcResult<SnapshotSaveReply>> SnapshotSaveAsync(string endpoint, string file, string reportedPath, TimeSpan timeout, CancellationToken ct)
    {
        if (!EtcdClientPool.IsDialable(endpoint)) return RpcError.ConnectionRefused;
        var part = file + ".part";
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var options = new CallOptions(deadline: DateTime.UtcNow + timeout, cancellationToken: deadline.Token);
        try
        {
            long size = 0;
            long? revision = null;
            await using (var output = new FileStream(part, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                using var call = Pool.Connection(endpoint).MaintenanceClient.Snapshot(new SnapshotRequest(), options);
                while (await call.ResponseStream.MoveNext(deadline.Token))
                {
                    var chunk = call.ResponseStream.Current;
                    if (chunk.Header is { Revision: > 0 } h) revision = h.Revision;
                    chunk.Blob.WriteTo(output);
                    size += chunk.Blob.Length;
                }
            }
            File.Move(part, file, overwrite: true);
            return new SnapshotSaveReply(reportedPath, size, revision);
        }
        catch (RpcException e)
        {
            File.Delete(part);
            if (ct.IsCancellationRequested) throw new OperationCanceledException(ct);
            return RpcErrorMapper.Map(e, out _);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            File.Delete(part);
            return RpcError.DeadlineExceeded;
        }
        catch (IOException e)
        {
            File.Delete(part);
            return new RpcError(RpcErrorCode.Local, $"could not open {reportedPath}.part ({e.Message})");
        }
    }

    private async Task<RpcResult<T>> CallAsync<TResponse, T>(
        string endpoint, TimeSpan timeout, bool idempotent, CancellationToken ct,
        Func<IConnection, CallOptions, AsyncUnaryCall<TResponse>> call, Func<TResponse, T> map)
        where T : class
    {
        // Nothing of a run listens outside 127/8, and nothing may be dialed there.
        if (!EtcdClientPool.IsDialable(endpoint)) return RpcError.ConnectionRefused;
        var connection = Pool.Connection(endpoint);
        var until = DateTime.UtcNow + timeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return map(await call(connection, new CallOptions(deadline: until, cancellationToken: deadline.Token)));
            }
            catch (RpcException e)
            {
                if (ct.IsCancellationRequested) throw new OperationCanceledException(ct);
                if (deadline.IsCancellationRequested) return RpcError.DeadlineExceeded;
                var error = RpcErrorMapper.Map(e, out var transport);
                // A pooled connection to a process that has just been replaced fails once; a read
                // tries again on a fresh one (a write does not: it may have been applied).
                if (transport && idempotent && attempt == 1) continue;
                return error;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return RpcError.DeadlineExceeded;
            }
        }
    }
}
