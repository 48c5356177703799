using System.Collections.Immutable;
using EtcdLab.Core.Targets;
using EtcdLab.Sim.Hosts;
using EtcdLab.Sim.Raft;
using EtcdLab.Sim.Server;

namespace EtcdLab.Sim.Tests;

/// <summary>
/// The simulated <c>ETCDCTL_API=2 etcdctl backup</c> against etcd v3.4.23's backup_command.go and what
/// the real one did in Docker (the conformance scenario v2-backup-force-new-cluster): new IDs from
/// idutil's generator, no v3 key without --with-v3, and its log.Fatal texts.
/// </summary>
public sealed class V2BackupSpec
{
    // 2026-12-02 14:48:16.200831 UTC, the moment the real backup ran in the conformance run.
    private const long UnixMicros = 1_796_222_896_200_831;

    private static HostDisk DiskWithMember()
    {
        var members = EtcdServer.MembersFromMap(UrlsMap.Parse("m1=http://127.0.1.1:2380,m2=http://127.0.1.2:2380"), "t");
        var storage = EtcdServer.BootstrapLog(members);
        var state = ServerState.Empty.Put("/etcdlab/a", "v1") with
        {
            AppliedIndex = 2,
            Members = members.ToImmutableSortedDictionary(m => m.Id, m => m),
            Conf = new ConfState(members.Select(m => m.Id).ToArray(), []),
        };
        storage.Entries.Add(new Entry(3, 2, EntryType.Normal, new PutRequest(1, "/etcdlab/a", "v1")));
        var disk = new HostDisk();
        disk.SaveDataDir("/var/lib/etcd", new DataDir(members[0].Id, 0xabc, storage, state));
        return disk;
    }

    [Fact]
    public void Backup_should_give_the_copy_idutils_IDs_and_no_v3_key()
    {
        var disk = DiskWithMember();
        var reply = V2Backup.Run(disk, new BackupRequest("/var/lib/etcd", "/var/lib/etcd_backup", WithV3: false), UnixMicros);
        Assert.Equal(0, reply.ExitCode);
        var copy = disk.DataDirAt("/var/lib/etcd_backup")!;
        // idutil.NewGenerator(0, now): (unix ms mod 2^40) << 8, then Next() twice: member, cluster.
        var idBase = (ulong)(UnixMicros / 1000) % (1UL << 40) << 8;
        Assert.Equal((idBase + 1, idBase + 2), (copy.MemberId, copy.ClusterId));
        Assert.Equal(12, copy.MemberId.ToString("x").Length);
        Assert.Equal(0, copy.State.Kv.Count);
        Assert.Empty(copy.Raft.Entries);
        Assert.Equal(
            "2026-12-02 14:48:16.200831 I | ignoring EntryConfChange raft entry\n" +
            "2026-12-02 14:48:16.200832 I | ignoring EntryConfChange raft entry\n" +
            "2026-12-02 14:48:16.200833 I | ignoring v3 raft entry\n",
            reply.Stderr);
        // The real backup in the conformance run logged its last line at 14:48:16.2011 and gave the copy
        // member ID a2373a485801: its generator read the clock at 14:48:16.216.
        var real = new HostDisk();
        real.SaveDataDir("/var/lib/etcd", disk.DataDirAt("/var/lib/etcd")!);
        V2Backup.Run(real, new BackupRequest("/var/lib/etcd", "/var/lib/b", false), 1_796_222_896_216_000);
        Assert.Equal(0xa2373a485801UL, real.DataDirAt("/var/lib/b")!.MemberId);
        // The source is untouched.
        Assert.Equal(1, disk.DataDirAt("/var/lib/etcd")!.State.Kv.Count);
    }

    [Fact]
    public void Backup_with_v3_should_keep_the_keys()
    {
        var disk = DiskWithMember();
        var reply = V2Backup.Run(disk, new BackupRequest("/var/lib/etcd", "/var/lib/etcd_backup", WithV3: true), UnixMicros);
        Assert.Equal(0, reply.ExitCode);
        Assert.Equal(1, disk.DataDirAt("/var/lib/etcd_backup")!.State.Kv.Count);
        Assert.DoesNotContain("ignoring v3 raft entry", reply.Stderr);
    }

    [Fact]
    public void Backup_should_fail_as_log_Fatal_does()
    {
        var disk = DiskWithMember();
        var missing = V2Backup.Run(disk, new BackupRequest("/var/lib/etcd-lost", "/var/lib/b", false), UnixMicros);
        Assert.Equal((1, "2026-12-02 14:48:16.200831 I | open /var/lib/etcd-lost/member/snap: no such file or directory\n"), (missing.ExitCode, missing.Stderr));
        Assert.Equal(0, V2Backup.Run(disk, new BackupRequest("/var/lib/etcd", "/var/lib/b", false), UnixMicros).ExitCode);
        var again = V2Backup.Run(disk, new BackupRequest("/var/lib/etcd", "/var/lib/b", false), UnixMicros);
        Assert.Equal(1, again.ExitCode);
        Assert.EndsWith("I | failed creating backup snapshot dir /var/lib/b/member/snap: expected \"/var/lib/b/member/snap\" to be empty, got [\"db\"]\n", again.Stderr);
    }
}
