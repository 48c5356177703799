using EtcdLab.Core.Events;
using EtcdLab.Core.Exceptions;
using EtcdLab.Driver.Configurations;
using EtcdLab.Driver.Images;
using EtcdLab.Driver.Logs;
using EtcdLab.Driver.Network;
using EtcdLab.Driver.Storage;

namespace EtcdLab.Driver.Tests;

public sealed class EtcdLogLineSpec
{
    [Theory]
    [InlineData("2026-11-22 15:25:51.691001 E | rafthttp: request cluster ID mismatch (got 330c22d141ac1f6a want 1bfce294034d8791)",
        "E", "rafthttp: request cluster ID mismatch (got 330c22d141ac1f6a want 1bfce294034d8791)", MemberLogKind.ClusterIdMismatch)]
    [InlineData("2026-11-22 15:25:51.691001 E | rafthttp: request sent was ignored (cluster ID mismatch: peer[36d0c7f3acdc6f84]=1bfce294034d8791, local=330c22d141ac1f6a)",
        "E", "rafthttp: request sent was ignored (cluster ID mismatch: peer[36d0c7f3acdc6f84]=1bfce294034d8791, local=330c22d141ac1f6a)", MemberLogKind.ClusterIdMismatch)]
    [InlineData("2026-11-22 15:52:06.660329 E | etcdserver: the member has been permanently removed from the cluster",
        "E", "etcdserver: the member has been permanently removed from the cluster", MemberLogKind.MemberRemoved)]
    [InlineData("2026-11-22 16:14:15.164529 W | rafthttp: rejected the stream from peer 90b30cbd9875e1f3 since it was removed",
        "W", "rafthttp: rejected the stream from peer 90b30cbd9875e1f3 since it was removed", MemberLogKind.RemovedPeerRejected)]
    [InlineData("2026-11-22 16:14:13.975332 E | rafthttp: request sent was ignored (cluster ID mismatch: remote[3581dceae853af33]=ca8829337df2eb3a, local=80f6ef9b9b9aca88)",
        "E", "rafthttp: request sent was ignored (cluster ID mismatch: remote[3581dceae853af33]=ca8829337df2eb3a, local=80f6ef9b9b9aca88)", MemberLogKind.ClusterIdMismatch)]
    [InlineData("raft2026/11/22 15:26:03 PANIC: tocommit(9) is out of range [lastIndex(0)]. Was the raft log corrupted, truncated, or lost?",
        "PANIC", "tocommit(9) is out of range [lastIndex(0)]. Was the raft log corrupted, truncated, or lost?", MemberLogKind.Panic)]
    [InlineData("panic: tocommit(9) is out of range [lastIndex(0)]. Was the raft log corrupted, truncated, or lost?",
        "PANIC", "tocommit(9) is out of range [lastIndex(0)]. Was the raft log corrupted, truncated, or lost?", MemberLogKind.Panic)]
    [InlineData("{\"level\":\"warn\",\"ts\":\"2026-11-22T15:25:51.691Z\",\"caller\":\"rafthttp/http.go:500\",\"msg\":\"request cluster ID mismatch\",\"local-member-id\":\"1\"}",
        "WARN", "request cluster ID mismatch", MemberLogKind.ClusterIdMismatch)]
    public void Lines_runbooks_warn_about_should_be_classified(string raw, string level, string text, MemberLogKind kind)
    {
        var line = EtcdLogLine.Parse(raw);
        Assert.Equal(level, line.Level);
        Assert.Equal(text, line.Text);
        Assert.Equal(kind, line.Kind);
    }

    [Theory]
    [InlineData("raft2026/12/02 06:38:00 INFO: bdae9bbc11dd390d became leader at term 2", 0xbdae9bbc11dd390dUL, 2UL)]
    [InlineData("{\"level\":\"info\",\"ts\":\"2026-12-02T06:38:06.234Z\",\"caller\":\"raft/raft.go:771\",\"msg\":\"bdae9bbc11dd390d became leader at term 38\"}", 0xbdae9bbc11dd390dUL, 38UL)]
    public void A_member_becoming_leader_should_give_its_id_and_term(string raw, ulong member, ulong term)
    {
        Assert.Equal((member, term), EtcdLogLine.Parse(raw).Election);
    }

    [Theory]
    [InlineData("raft2026/12/02 06:38:00 INFO: raft.node: bdae9bbc11dd390d elected leader bdae9bbc11dd390d at term 2")]
    [InlineData("raft2026/12/02 06:38:00 INFO: bdae9bbc11dd390d became candidate at term 2")]
    [InlineData("raft2026/12/02 06:38:00 INFO: bdae9bbc11dd390d became follower at term 2")]
    [InlineData("2026-12-02 06:38:00.562552 I | etcdserver: bdae9bbc11dd390d became leader at term 2 (a line of another logger)")]
    public void Other_raft_lines_should_give_no_election(string raw)
    {
        Assert.Null(EtcdLogLine.Parse(raw).Election);
    }

    [Theory]
    [InlineData("2026-11-22 15:46:45.350832 I | etcdmain: etcd Version: 3.4.23", "I", false)]
    [InlineData("raft2026/11/22 15:46:46 INFO: 3581dceae853af33 became follower at term 0", "INFO", false)]
    [InlineData("2026-11-22 15:46:45.350832 C | etcdmain: couldn't find local name \"m4\" in the initial cluster configuration", "C", true)]
    [InlineData("goroutine 1 [running]:", null, false)]
    public void Other_lines_should_keep_their_level_and_no_kind(string raw, string? level, bool fatal)
    {
        var line = EtcdLogLine.Parse(raw);
        Assert.Equal(level, line.Level);
        Assert.Null(line.Kind);
        Assert.Equal(fatal, line.IsFatalOrError);
    }
}

public sealed class LoopbackSlotSpec
{
    [Fact]
    public void A_slot_should_rebase_addresses_and_give_distinct_uids()
    {
        var root = Path.Combine(Path.GetTempPath(), $"etcdlab-unit-{Guid.NewGuid():N}");
        try
        {
            using var slot = LoopbackSlot.Acquire(root, 7);
            Assert.Equal("127.7.1.3", slot.Rebase("127.0.1.3"));
            Assert.True(slot.Contains("127.7.200.1"));
            Assert.False(slot.Contains("127.8.1.1"));
            Assert.Equal(100_000 + 7 * 256 + 2, slot.MemberUid(2));
            Assert.Throws<InputException>(() => slot.Rebase("192.0.2.1"));
            Assert.Throws<EnvironmentException>(() => LoopbackSlot.Acquire(root, 7));
            using var next = LoopbackSlot.Acquire(root);
            Assert.Equal(1, next.Number);
            slot.Dispose();
            using var again = LoopbackSlot.Acquire(root, 7);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

public sealed class HostDirectoriesSpec
{
    [Theory]
    [InlineData("/var/lib/etcd", "/var/lib/etcd")]
    [InlineData("/var/lib/etcd/", "/var/lib/etcd")]
    [InlineData("m1.etcd", "/var/lib/m1.etcd")]
    [InlineData("/var/lib/a/../b", "/var/lib/b")]
    public void Scenario_paths_should_normalize_under_var_lib(string path, string expected) =>
        Assert.Equal(expected, HostDirectories.Normalize("m1", path));

    [Theory]
    [InlineData("/etc/etcd")]
    [InlineData("/var/lib")]
    [InlineData("/var/lib/../../etc")]
    public void Paths_outside_var_lib_should_be_refused(string path) =>
        Assert.Throws<HostActionException>(() => HostDirectories.Normalize("m1", path));

    [Fact]
    public void Scenario_paths_should_map_into_the_run_directory()
    {
        var dirs = new HostDirectories("/tmp/etcdlab", "r1");
        Assert.Equal("/tmp/etcdlab/r1/m2/var-lib/etcd-backup/backup.db", dirs.OnMachine("m2", "/var/lib/etcd-backup/backup.db"));
    }
}

public sealed class SmallPartsSpec
{
    [Fact]
    public void Etcdctl_errors_should_be_taken_after_Error()
    {
        var output = "{\"level\":\"info\",\"msg\":\"restoring snapshot\"}\nError: data-dir \"/var/lib/etcd\" exists\n";
        Assert.Equal("data-dir \"/var/lib/etcd\" exists", DockerClusterTarget.EtcdctlError(output));
    }

    [Fact]
    public void Ldd_output_should_give_the_library_paths()
    {
        const string ldd = "/usr/bin/etcd:\n\tlinux-vdso.so.1 (0x00007ffd)\n\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f)\n\t/lib64/ld-linux-x86-64.so.2 (0x00007f)\n";
        Assert.Equal(["/lib/x86_64-linux-gnu/libc.so.6", "/lib64/ld-linux-x86-64.so.2"], EtcdImage.LibrariesFromLdd(ldd));
    }

    [Fact]
    public void Timing_should_refuse_what_etcd_refuses()
    {
        Assert.Equal("10", EtcdTiming.Tuned.ToFlags().Get("heartbeat-interval"));
        Assert.Equal("1000", EtcdTiming.EtcdDefaults.ToFlags().Get("election-timeout"));
        var e = Assert.Throws<ArgumentException>(() => new EtcdTiming(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)).Validate());
        Assert.Equal("--election-timeout[200ms] should be at least as 5 times as --heartbeat-interval[100ms]", e.Message);
    }
}
