using System.Globalization;
using EtcdLab.Core.Targets;
using EtcdLab.Sim.Raft;
using EtcdLab.Sim.Server;

namespace EtcdLab.Sim.Hosts;

/// <summary>
/// <c>ETCDCTL_API=2 etcdctl backup</c> (etcd v3.4.23, etcdctl/ctlv2/command/backup_command.go) on a
/// host's disk. What the real one does, and what the copy keeps here:
/// <list type="bullet">
/// <item>it creates <c>&lt;backup-dir&gt;/member/snap</c>, which must be empty (<c>fileutil.CreateDirAll</c>),
/// then loads the source's snapshot: a missing <c>&lt;data-dir&gt;/member/snap</c> ends it with
/// <c>log.Fatal</c> (<c>open D/member/snap: no such file or directory</c>, exit 1);</item>
/// <item>it copies the WAL without its conf-change entries and member attribute updates and, without
/// <c>--with-v3</c>, without the v3 entries; the v3 backend is not copied then (a fresh db holds only
/// the consistent index), so the copy holds no v3 key. Here: the applied state at the applied index,
/// compacted into a snapshot, with an empty keyspace unless <c>--with-v3</c>;</item>
/// <item>it gives the copy a new member ID and cluster ID from <c>idutil.NewGenerator(0, time.Now())</c>:
/// <c>(unix ms mod 2^40) &lt;&lt; 8</c>, plus 1 for the member and 2 for the cluster. The membership in the
/// copy still names the old members only, so the copy starts only with <c>--force-new-cluster</c>,
/// which removes them and adds the new ID with peer URL <c>http://localhost:2380</c> (what runbook 002
/// shows after its force-new-cluster).</item>
/// </list>
/// Its log lines on standard error are the real one's, one per entry it drops (the timestamps are the
/// simulated host's clock). When the destination is not empty the real one lists what it found there;
/// here the list is <c>["db"]</c>, what a backup dir holds when its source had no snapshot file yet.
/// </summary>
internal static class V2Backup
{
    public static BackupReply Run(HostDisk disk, BackupRequest request, long unixMicros)
    {
        var destSnap = request.BackupDir.TrimEnd('/') + "/member/snap";
        var srcSnap = request.DataDir.TrimEnd('/') + "/member/snap";
        if (disk.DataDirAt(request.BackupDir) is not null)
            return Fatal(unixMicros, $"failed creating backup snapshot dir {destSnap}: expected {Quote(destSnap)} to be empty, got [\"db\"]");
        if (disk.DataDirAt(request.DataDir) is not { } source)
            return Fatal(unixMicros, $"open {srcSnap}: no such file or directory");

        // loadWAL logs each entry it drops, in WAL order (what the real one printed in the conformance run).
        var stderr = new System.Text.StringBuilder();
        var at = unixMicros;
        foreach (var e in source.Raft.Entries)
        {
            var dropped = e.Data switch
            {
                ConfChange => "ignoring EntryConfChange raft entry",
                PublishRequest publish => $"ignoring member attribute update on /0/members/{publish.MemberId:x}/attributes",
                PutRequest when !request.WithV3 => "ignoring v3 raft entry",
                _ => null,
            };
            if (dropped is not null) stderr.Append(LogLine(at++, dropped));
        }

        var idBase = (ulong)(unixMicros / 1000) % (1UL << 40) << 8;
        var (memberId, clusterId) = (idBase + 1, idBase + 2);
        var state = source.State.Frozen();
        if (!request.WithV3) state = state with { Kv = ServerState.Empty.Kv, Revision = ServerState.Empty.Revision };
        var storage = new RaftStorage
        {
            Term = source.Raft.Term,
            Commit = state.AppliedIndex,
            Snapshot = new RaftSnapshot(state.AppliedIndex, source.Raft.Term, state.Conf, state),
        };
        disk.SaveDataDir(request.BackupDir, new DataDir(memberId, clusterId, storage, state));
        return new BackupReply(0, "", stderr.ToString());
    }

    /// <summary>Go's <c>log.Fatal</c> through etcd's capnslog: <c>2006-01-02 15:04:05.000000 I | text</c>, exit 1.</summary>
    private static BackupReply Fatal(long unixMicros, string text) => new(1, "", LogLine(unixMicros, text));

    private static string LogLine(long unixMicros, string text)
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(unixMicros / 1000).AddTicks(unixMicros % 1000 * 10).UtcDateTime;
        return $"{at.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)} I | {text}\n";
    }

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
