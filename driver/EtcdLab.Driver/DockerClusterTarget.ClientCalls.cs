using EtcdLab.Core.Identity;
using EtcdLab.Core.Targets;
using EtcdLab.Driver.Storage;

namespace EtcdLab.Driver;

public sealed partial class DockerClusterTarget
{
    /// <inheritdoc />
    public override Task<RpcResult<MemberListReply>> MemberListAsync(string endpoint, TimeSpan timeout, CancellationToken ct) =>
        Cluster.Rpc.MemberListAsync(endpoint, timeout, ct);

    /// <inheritdoc />
    public override Task<RpcResult<MemberAddReply>> MemberAddAsync(string endpoint, IReadOnlyList<string> peerUrls, bool isLearner, TimeSpan timeout, CancellationToken ct) =>
        Cluster.Rpc.MemberAddAsync(endpoint, peerUrls, isLearner, timeout, ct);

    /// <inheritdoc />
    public override Task<RpcResult<MemberListReply>> MemberRemoveAsync(string endpoint, ulong memberId, TimeSpan timeout, CancellationToken ct) =>
        Cluster.Rpc.MemberRemoveAsync(endpoint, memberId, timeout, ct);

    /// <inheritdoc />
    public override Task<RpcResult<MemberListReply>> MemberUpdateAsync(string endpoint, ulong memberId, IReadOnlyList<string> peerUrls, TimeSpan timeout, CancellationToken ct) =>
        Cluster.Rpc.MemberUpdateAsync(endpoint, memberId, peerUrls, timeout, ct);

    /// <inheritdoc />
    public override Task<RpcResult<MemberListReply>> MemberPromoteAsync(string endpoint, ulong memberId, TimeSpan timeout, CancellationToken ct) =>
        Cluster.Rpc.MemberPromoteAsync(endpoint, memberId, timeout, ct);

    /// <inheritdoc />
    public override Task<RpcResult<StatusReply>> StatusAsync(string endpoint, TimeSpan timeout, CancellationToken ct) =>
        Cluster.Rpc.StatusAsync(endpoint, timeout, ct);

    /// <inheritdoc />
    public override Task<RpcResult<RangeReply>> RangeAsync(string endpoint, string key, string? rangeEnd, bool serializable, TimeSpan timeout, CancellationToken ct) =>
        Cluster.Rpc.RangeAsync(endpoint, key, rangeEnd, serializable, timeout, ct);

    /// <inheritdoc />
    public override Task<RpcResult<PutReply>> PutAsync(string endpoint, string key, string value, TimeSpan timeout, CancellationToken ct) =>
        Cluster.Rpc.PutAsync(endpoint, key, value, timeout, ct);

    /// <inheritdoc />
    public override Task<IReadOnlyList<HealthReply>> CheckHealthAsync(IReadOnlyList<string> endpoints, TimeSpan timeout, CancellationToken ct) =>
        Cluster.Rpc.CheckHealthAsync(endpoints, timeout, ct);

    /// <inheritdoc />
    /// <remarks>Missing parent directories of <paramref name="path"/> are created (the target has no mkdir);
    /// the file belongs to the host's uid.</remarks>
    protected override async Task<RpcResult<SnapshotSaveReply>> SnapshotSaveCoreAsync(string endpoint, string host, string path, TimeSpan timeout, CancellationToken ct)
    {
        var normalized = HostDirectories.Normalize(host, path);
        EnsureParent(host, normalized);
        var file = Cluster.Directories.OnMachine(host, normalized);
        var result = await Cluster.Rpc.SnapshotSaveAsync(endpoint, file, path, timeout, ct);
        if (result.IsOk) Cluster.GiveToHost(host, file);
        return result;
    }

    /// <inheritdoc />
    /// <remarks>Runs the image's own <c>etcdctl snapshot restore</c> in a one-off container with the host's
    /// uid and disk; a failure answers <see cref="RpcErrorCode.Local"/> with the text etcdctl printed
    /// after <c>Error: </c>. The IDs are derived as etcd derives them (<see cref="EtcdIds"/>).</remarks>
    public override async Task<RpcResult<SnapshotRestoreReply>> SnapshotRestoreAsync(string host, SnapshotRestoreRequest request, CancellationToken ct)
    {
        HostDirectories.Normalize(host, request.DataDir);
        var args = new List<string>
        {
            "snapshot", "restore", request.SnapshotPath,
            $"--name={request.Name}",
            $"--data-dir={request.DataDir}",
            $"--initial-cluster={request.InitialCluster}",
            $"--initial-cluster-token={request.InitialClusterToken}",
            $"--initial-advertise-peer-urls={request.InitialAdvertisePeerUrls}",
        };
        if (request.SkipHashCheck) args.Add("--skip-hash-check");

        var result = await Host(host).RunEtcdctlAsync(args, _options.ToolTimeout, ct);
        if (!result.Ok) return new RpcError(RpcErrorCode.Local, EtcdctlError(result.Output));

        var members = request.InitialCluster.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(entry => entry.Split('=', 2))
            .GroupBy(kv => kv[0], kv => kv[1])
            .ToDictionary(g => g.Key, g => EtcdIds.MemberId(g, request.InitialClusterToken));
        var clusterId = EtcdIds.ClusterId(members.Values);
        return new SnapshotRestoreReply(request.DataDir, members[request.Name], clusterId);
    }

    /// <inheritdoc />
    /// <remarks>Runs the image's own <c>ETCDCTL_API=2 etcdctl backup</c> in a one-off container with the
    /// host's uid and disk, and answers what it printed and its exit code: the copy, its new member and
    /// cluster IDs and what it leaves out are real etcdctl's.</remarks>
    protected override async Task<RpcResult<BackupReply>> BackupCoreAsync(string host, BackupRequest request, CancellationToken ct)
    {
        HostDirectories.Normalize(host, request.DataDir);
        HostDirectories.Normalize(host, request.BackupDir);
        var args = new List<string> { "backup", $"--data-dir={request.DataDir}", $"--backup-dir={request.BackupDir}" };
        if (request.WithV3) args.Add("--with-v3");
        var result = await Host(host).RunEtcdctlAsync(args, _options.ToolTimeout, ct, api: 2);
        return new BackupReply(result.ExitCode, result.Stdout, result.Stderr);
    }

    /// <summary>The text after etcdctl's last <c>Error: </c>, else its last line.</summary>
    internal static string EtcdctlError(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var error = lines.LastOrDefault(l => l.StartsWith("Error: ", StringComparison.Ordinal));
        return error is not null ? error["Error: ".Length..] : lines.LastOrDefault() ?? "etcdctl snapshot restore failed without output";
    }
}
