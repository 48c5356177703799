using EtcdLab.Core.Events;
using EtcdLab.Core.Identity;
using EtcdLab.Core.Targets;

namespace EtcdLab.Sim.Tests;

public sealed class RecoverySpec
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private static async Task PutKeysAsync(SimCluster c, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var put = await c.Target.PutAsync(SimCluster.ClientUrl(1), $"/k/{i:D3}", $"v{i}", Timeout, Ct);
            Assert.True(put.IsOk, put.Error?.Message);
        }
    }

    [Fact]
    public async Task Restart_should_keep_ids_and_every_acknowledged_key()
    {
        await using var c = await SimCluster.CreateAsync(3);
        await c.BootstrapAsync(3);
        await PutKeysAsync(c, 10);
        var before = await c.ObserveAsync();
        foreach (var h in c.HostNames) await c.Target.KillAsync(h, Ct);
        // Data dir present: the --initial-cluster* flags are ignored, even nonsense ones.
        foreach (var h in c.HostNames)
            await c.Target.StartAsync(h, SimCluster.Flags(SimCluster.Index(h), "bogus=http://127.9.9.9:2380", "existing"), Ct);
        Assert.True(await c.WaitUntilAsync(o => o.Hosts.All(h => h.Serving && h.HasLeader), TimeSpan.FromSeconds(5)));
        var after = await c.ObserveAsync();
        foreach (var h in c.HostNames)
        {
            Assert.Equal(before[h].Status!.Header.MemberId, after[h].Status!.Header.MemberId);
            Assert.Equal(before[h].Status!.Header.ClusterId, after[h].Status!.Header.ClusterId);
        }
        var range = await c.Target.RangeAsync(SimCluster.ClientUrl(2), "/k/", "/k0", false, Timeout, Ct);
        Assert.True(range.IsOk, range.Error?.Message);
        Assert.Equal(10, range.Value.Kvs.Count);
        Assert.Equal("v9", range.Value.Kvs[^1].Value);
    }

    [Fact]
    public async Task ForceNewCluster_should_keep_data_and_ids_and_remove_every_other_member()
    {
        await using var c = await SimCluster.CreateAsync(3);
        await c.BootstrapAsync(3);
        await PutKeysAsync(c, 5);
        var before = (await c.ObserveAsync())["m1"].Status!.Header;
        var m2Id = (await c.ObserveAsync())["m2"].Status!.Header.MemberId;
        foreach (var h in c.HostNames) await c.Target.StopAsync(h, Ct);

        var flags = SimCluster.Flags(1, SimCluster.InitialCluster([1, 2, 3])).With("force-new-cluster", "true");
        await c.Target.StartAsync("m1", flags, Ct);
        Assert.True(await c.WaitUntilAsync(o => o["m1"].HasLeader && o["m1"].Serving, TimeSpan.FromSeconds(3)));
        var o = await c.ObserveAsync();
        Assert.Equal(before.MemberId, o["m1"].Status!.Header.MemberId);
        Assert.Equal(before.ClusterId, o["m1"].Status!.Header.ClusterId);
        var member = Assert.Single(o["m1"].Members!);
        Assert.Equal([SimCluster.PeerUrl(1)], member.PeerUrls);
        var range = await c.Target.RangeAsync(SimCluster.ClientUrl(1), "/k/", "/k0", false, Timeout, Ct);
        Assert.Equal(5, range.Value!.Kvs.Count);

        // An old member coming back with its data dir learns it was removed and exits.
        await c.Target.StartAsync("m2", SimCluster.Flags(2, SimCluster.InitialCluster([1, 2, 3])), Ct);
        Assert.True(await c.WaitUntilAsync(x => x["m2"].Process == ProcessState.Exited, TimeSpan.FromSeconds(2)));
        Assert.Contains(c.Events<MemberLogged>(), e => e.Host == "m1" && e.Text == $"rafthttp: rejected the stream from peer {m2Id:x} since it was removed");
    }

    [Fact]
    public async Task SnapshotRestore_should_start_a_new_logical_cluster_with_the_data()
    {
        await using var c = await SimCluster.CreateAsync(3);
        await c.BootstrapAsync(3);
        await PutKeysAsync(c, 7);
        // A follower's snapshot holds what it applied: let the last commit reach m2 first.
        await c.DelayAsync(0.1);
        var saved = await c.Target.SnapshotSaveAsync(SimCluster.ClientUrl(2), "m1", "/backup/snap.db", Timeout, Ct);
        Assert.True(saved.IsOk, saved.Error?.Message);
        var oldCid = (await c.ObserveAsync())["m1"].Status!.Header.ClusterId;
        foreach (var h in c.HostNames) await c.Target.KillAsync(h, Ct);

        var request = new SnapshotRestoreRequest("/backup/snap.db", "m1", "/var/lib/etcd-new", $"m1={SimCluster.PeerUrl(1)}", "t2", SimCluster.PeerUrl(1), false);
        var restored = await c.Target.SnapshotRestoreAsync("m1", request, Ct);
        Assert.True(restored.IsOk, restored.Error?.Message);
        var expectedId = EtcdIds.MemberId([SimCluster.PeerUrl(1)], "t2");
        Assert.Equal(expectedId, restored.Value.MemberId);
        Assert.Equal(EtcdIds.ClusterId([expectedId]), restored.Value.ClusterId);

        var again = await c.Target.SnapshotRestoreAsync("m1", request, Ct);
        Assert.Equal("data-dir \"/var/lib/etcd-new\" exists", again.Error?.Message);
        var wrongName = await c.Target.SnapshotRestoreAsync("m1", request with { Name = "m9", DataDir = "/x" }, Ct);
        Assert.Equal("couldn't find local name \"m9\" in the initial cluster configuration", wrongName.Error?.Message);
        var localhost = await c.Target.SnapshotRestoreAsync("m1", request with { DataDir = "/y", InitialAdvertisePeerUrls = "http://localhost:2380" }, Ct);
        Assert.Equal(
            "--initial-cluster has m1=http://127.0.1.1:2380 but missing from --initial-advertise-peer-urls=http://localhost:2380 (\"http://127.0.0.1:2380\"(resolved from \"http://localhost:2380\") != \"http://127.0.1.1:2380\"(resolved from \"http://127.0.1.1:2380\"))",
            localhost.Error?.Message);

        await c.Target.StartAsync("m1", SimCluster.Flags(1, "ignored=http://127.9.9.9:2380").With("data-dir", "/var/lib/etcd-new"), Ct);
        Assert.True(await c.WaitUntilAsync(o => o["m1"].Serving && o["m1"].HasLeader, TimeSpan.FromSeconds(3)));
        var o = await c.ObserveAsync();
        Assert.Equal(restored.Value.ClusterId, o["m1"].Status!.Header.ClusterId);
        Assert.NotEqual(oldCid, o["m1"].Status!.Header.ClusterId);
        Assert.Equal(saved.Value.Revision, o["m1"].Status!.Header.Revision);
        var range = await c.Target.RangeAsync(SimCluster.ClientUrl(1), "/k/", "/k0", false, Timeout, Ct);
        Assert.Equal(7, range.Value!.Kvs.Count);

        // Grow it back (P2): the new member has an empty log and the leader's log starts after the restore snapshot.
        await c.Target.RemoveDirectoryAsync("m2", "/var/lib/etcd", Ct);
        var added = await c.Target.MemberAddAsync(SimCluster.ClientUrl(1), [SimCluster.PeerUrl(2)], false, Timeout, Ct);
        Assert.True(added.IsOk, added.Error?.Message);
        var token = EtcdFlags.Empty.With("initial-cluster-token", "t2");
        await c.Target.StartAsync("m2", SimCluster.Flags(2, SimCluster.InitialCluster([1, 2]), "existing").Merge(token), Ct);
        Assert.True(await c.WaitUntilAsync(x => x["m2"].Serving, TimeSpan.FromSeconds(3)));
        var read = await c.Target.RangeAsync(SimCluster.ClientUrl(2), "/k/", "/k0", true, Timeout, Ct);
        Assert.Equal(7, read.Value!.Kvs.Count);
    }

    [Fact]
    public async Task IpChange_should_move_the_client_url_at_restart_and_the_peer_url_only_by_member_update()
    {
        await using var c = await SimCluster.CreateAsync(3);
        await c.BootstrapAsync(3);
        await c.DelayAsync(6);
        const string newIp = "127.0.2.3";
        await c.Target.ChangeIpAsync("m3", newIp, SimCluster.Flags(3, SimCluster.InitialCluster([1, 2, 3]), ip: newIp), Ct);
        Assert.True(await c.WaitUntilAsync(o => o["m3"].Serving, TimeSpan.FromSeconds(3)));
        var m3 = (await c.ObserveAsync())["m1"].Members!.Single(m => m.Name == "m3");
        Assert.Equal([HostSpec.ClientUrl(newIp)], m3.ClientUrls);
        Assert.Equal([SimCluster.PeerUrl(3)], m3.PeerUrls);
        Assert.True((await c.Target.PutAsync(HostSpec.ClientUrl(newIp), "a", "b", Timeout, Ct)).IsOk);

        var updated = await c.Target.MemberUpdateAsync(SimCluster.ClientUrl(1), m3.Id, [HostSpec.PeerUrl(newIp)], Timeout, Ct);
        Assert.True(updated.IsOk, updated.Error?.Message);
        Assert.Equal([HostSpec.PeerUrl(newIp)], updated.Value.Members.Single(m => m.Id == m3.Id).PeerUrls);
        var health = await c.Target.CheckHealthAsync([SimCluster.ClientUrl(1), SimCluster.ClientUrl(2), HostSpec.ClientUrl(newIp)], Timeout, Ct);
        Assert.All(health, h => Assert.True(h.Healthy, h.Error));
        var old = await c.Target.StatusAsync(SimCluster.ClientUrl(3), Timeout, Ct);
        Assert.True(old.Error!.IsConnectionRefused);
    }

    [Fact]
    public async Task Wiping_a_data_dir_and_rejoining_under_the_old_id_should_panic_like_etcd()
    {
        await using var c = await SimCluster.CreateAsync(3);
        await c.BootstrapAsync(3);
        await PutKeysAsync(c, 3);
        await c.Target.StopAsync("m3", Ct);
        var remove = await c.Target.RemoveDirectoryAsync("m3", "/var/lib/etcd", Ct).ContinueWith(t => t.Exception);
        Assert.Null(remove);
        // Wrong runbook: no member remove/add, the wiped member joins as "existing" under its old ID.
        await c.Target.StartAsync("m3", SimCluster.Flags(3, SimCluster.InitialCluster([1, 2, 3]), "existing"), Ct);
        Assert.True(await c.WaitUntilAsync(o => o["m3"].Process == ProcessState.Exited, TimeSpan.FromSeconds(2)));
        var panic = c.Events<MemberLogged>().Single(e => e is { Host: "m3", Kind: MemberLogKind.Panic });
        Assert.Matches(@"^tocommit\(\d+\) is out of range \[lastIndex\(0\)\]\. Was the raft log corrupted, truncated, or lost\?$", panic.Text);
    }

    [Fact]
    public async Task Host_actions_should_refuse_to_touch_a_running_members_data_dir()
    {
        await using var c = await SimCluster.CreateAsync(1);
        await c.BootstrapAsync(1);
        var e = await Assert.ThrowsAsync<Core.Exceptions.HostActionException>(() => c.Target.RemoveDirectoryAsync("m1", "/var/lib", Ct));
        Assert.Contains("Stop etcd on m1 first", e.Message);
        await Assert.ThrowsAsync<Core.Exceptions.HostActionException>(() => c.Target.CopyDirectoryAsync("m1", "/var/lib/etcd", "/backup", Ct));
        await Assert.ThrowsAsync<Core.Exceptions.HostActionException>(() => c.Target.StartAsync("m1", SimCluster.Flags(1, "m1=" + SimCluster.PeerUrl(1)), Ct));
        await c.Target.StopAsync("m1", Ct);
        await Assert.ThrowsAsync<Core.Exceptions.HostActionException>(() => c.Target.PauseAsync("m1", Ct));
        await c.Target.CopyDirectoryAsync("m1", "/var/lib/etcd", "/backup/etcd", Ct);
        await c.Target.RemoveDirectoryAsync("m1", "/var/lib/etcd", Ct);
        await c.Target.StartAsync("m1", SimCluster.Flags(1, "m1=" + SimCluster.PeerUrl(1)).With("data-dir", "/backup/etcd"), Ct);
        Assert.True(await c.WaitUntilAsync(o => o["m1"].Serving, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task Member_far_behind_a_compacted_log_should_catch_up_by_snapshot_without_applying_twice()
    {
        await using var c = await SimCluster.CreateAsync(3, options: new Simulation.SimulationOptions { SnapshotCountEntries = 20 });
        await c.BootstrapAsync(3);
        await c.Target.KillAsync("m3", Ct);
        await PutKeysAsync(c, 60); // three snapshots later, the entries m3 lacks are gone
        await c.Target.StartAsync("m3", SimCluster.Flags(3, SimCluster.InitialCluster([1, 2, 3])), Ct);
        Assert.True(await c.WaitUntilAsync(o => o["m3"].Serving, TimeSpan.FromSeconds(3)));
        await PutKeysAsync(c, 1);
        await c.DelayAsync(0.5);
        var o = await c.ObserveAsync();
        Assert.All(o.Hosts, h => Assert.Equal(o["m1"].Status!.Header.Revision, h.Status!.Header.Revision));
        var read = await c.Target.RangeAsync(SimCluster.ClientUrl(3), "/k/", "/k0", true, Timeout, Ct);
        Assert.Equal(60, read.Value!.Kvs.Count);
        Assert.Equal(2, read.Value.Kvs.Single(k => k.Key == "/k/000").Version); // written twice, applied twice, no more
    }
}
