using System.Collections.Immutable;
using EtcdLab.Core.Identity;
using EtcdLab.Core.Targets;
using EtcdLab.Sim.Raft;
using EtcdLab.Sim.Server;

namespace EtcdLab.Sim.Hosts;

/// <summary>
/// <c>etcdctl snapshot restore</c> (v3.4's v3Manager.Restore): verifies the bootstrap flags, refuses
/// an existing data dir, and writes a data dir for a new logical cluster: member and cluster IDs
/// from the URLs and token, a log with one ConfChangeAddNode per member at indexes 1..N (term 1,
/// commit N) covered by a snapshot at N, and the snapshot file's keys and revision.
/// </summary>
internal static class SnapshotRestore
{
    public static object Run(HostDisk disk, SnapshotRestoreRequest request)
    {
        RpcError Fail(string text) => new(RpcErrorCode.Local, text);

        // v3Manager.Restore reads the URLs before the snapshot file.
        if (Urls.Check(request.InitialAdvertisePeerUrls.Split(','), out var advertise) is { } badUrls) return Fail(badUrls);
        if (UrlsMap.TryParse(request.InitialCluster, out var map) is { } badCluster) return Fail(badCluster);
        if (disk.ReadFile(request.SnapshotPath) is not SnapshotFile file)
            return Fail($"open {request.SnapshotPath}: no such file or directory");
        if (EtcdServer.VerifyBootstrap(request.Name, advertise, map) is { } invalid) return Fail(invalid);
        if (disk.Exists(request.DataDir)) return Fail($"data-dir \"{request.DataDir}\" exists");
        if (!file.HasHash && !request.SkipHashCheck) return Fail("snapshot missing hash but --skip-hash-check=false");

        var members = EtcdServer.MembersFromMap(map, request.InitialClusterToken);
        var self = members.First(m => m.Name == request.Name);
        var clusterId = EtcdIds.ClusterId(members.Select(m => m.Id));
        var conf = new ConfState(members.Select(m => m.Id).ToArray(), []);
        var n = (ulong)members.Count;
        var state = ServerState.Empty with
        {
            AppliedIndex = n,
            Kv = file.State.Kv,
            Revision = file.State.Revision,
            Members = members.ToImmutableSortedDictionary(m => m.Id, m => m),
            Conf = conf,
        };
        var storage = EtcdServer.BootstrapLog(members);
        // The WAL's entries 1..N sit under the snapshot at N: raft's log starts at N+1.
        storage.Entries.Clear();
        storage.Snapshot = new RaftSnapshot(n, 1, conf, state);
        disk.SaveDataDir(request.DataDir, new DataDir(self.Id, clusterId, storage, state));
        return new SnapshotRestoreReply(request.DataDir, self.Id, clusterId);
    }
}
