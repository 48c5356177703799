using EtcdLab.Core.Events;
using EtcdLab.Core.Targets;

namespace EtcdLab.Sim.Tests;

public sealed class MembershipSpec
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task ReplaceFailedMember_should_remove_add_and_join_with_the_assigned_id()
    {
        await using var c = await SimCluster.CreateAsync(4);
        await c.BootstrapAsync(3);
        await c.DelayAsync(6);
        await c.Target.KillAsync("m3", Ct);
        var m3Id = (await c.ObserveAsync())["m1"].Members!.Single(m => m.Name == "m3").Id;

        var removed = await c.Target.MemberRemoveAsync(SimCluster.ClientUrl(1), m3Id, Timeout, Ct);
        Assert.True(removed.IsOk, removed.Error?.Message);
        Assert.Equal(2, removed.Value.Members.Count);

        var added = await c.Target.MemberAddAsync(SimCluster.ClientUrl(1), [SimCluster.PeerUrl(4)], false, Timeout, Ct);
        Assert.True(added.IsOk, added.Error?.Message);
        Assert.Contains(added.Value.Members, m => m.Id == added.Value.Member.Id && !m.IsStarted);

        await c.Target.StartAsync("m4", SimCluster.Flags(4, SimCluster.InitialCluster([1, 2, 4]), "existing"), Ct);
        Assert.True(await c.WaitUntilAsync(o => o["m4"].Serving, TimeSpan.FromSeconds(5)));
        var o = await c.ObserveAsync();
        Assert.Equal(added.Value.Member.Id, o["m4"].Status!.Header.MemberId);
        Assert.Equal(o["m1"].Status!.Header.ClusterId, o["m4"].Status!.Header.ClusterId);
        Assert.Equal(["m1", "m2", "m4"], o["m1"].Members!.Select(m => m.Name).Order());

        var health = await c.Target.CheckHealthAsync([SimCluster.ClientUrl(1), SimCluster.ClientUrl(2), SimCluster.ClientUrl(4)], Timeout, Ct);
        Assert.All(health, h => Assert.True(h.Healthy, h.Error));
    }

    [Fact]
    public async Task Removed_member_restarted_with_its_old_data_should_exit_and_be_rejected()
    {
        await using var c = await SimCluster.CreateAsync(3);
        await c.BootstrapAsync(3);
        await c.DelayAsync(6);
        await c.Target.StopAsync("m3", Ct);
        var m3Id = (await c.ObserveAsync())["m1"].Members!.Single(m => m.Name == "m3").Id;
        Assert.True((await c.Target.MemberRemoveAsync(SimCluster.ClientUrl(1), m3Id, Timeout, Ct)).IsOk);

        await c.Target.StartAsync("m3", SimCluster.Flags(3, SimCluster.InitialCluster([1, 2, 3])), Ct);
        Assert.True(await c.WaitUntilAsync(o => o["m3"].Process == ProcessState.Exited, TimeSpan.FromSeconds(2)));

        var exited = c.Events<ProcessExited>().Single(e => e.Host == "m3");
        Assert.Equal(0, exited.ExitCode);
        Assert.Equal("etcdserver: the member has been permanently removed from the cluster", exited.Error);
        Assert.Contains(c.Events<MemberLogged>(), e => e is { Host: "m3", Kind: MemberLogKind.MemberRemoved });
        Assert.Contains(c.Events<MemberLogged>(), e => e.Kind == MemberLogKind.RemovedPeerRejected
            && e.Text == $"rafthttp: rejected the stream from peer {m3Id:x} since it was removed");
    }

    [Fact]
    public async Task Running_removed_member_should_exit_as_soon_as_its_redial_is_refused()
    {
        await using var c = await SimCluster.CreateAsync(3);
        await c.BootstrapAsync(3);
        await c.DelayAsync(6);
        var m2Id = (await c.ObserveAsync())["m2"].Status!.Header.MemberId;
        var removed = await c.Target.MemberRemoveAsync(SimCluster.ClientUrl(1), m2Id, Timeout, Ct);
        Assert.True(removed.IsOk, removed.Error?.Message);
        // Real etcd: the members that applied the removal close their streams, the removed member
        // dials again, gets 410 and exits within milliseconds, before the operator's next command.
        Assert.True(await c.WaitUntilAsync(o => o["m2"].Process == ProcessState.Exited, TimeSpan.FromMilliseconds(20)));
        var exited = c.Events<ProcessExited>().Single(e => e.Host == "m2");
        Assert.Equal(0, exited.ExitCode);
        Assert.Matches("^rafthttp: failed to dial [0-9a-f]+ on stream MsgApp v2 \\(the member has been permanently removed from the cluster\\)$", exited.Error);
        var m2Logged = c.Events<MemberLogged>().Where(e => e.Host == "m2").Select(e => e.Text).ToArray();
        Assert.Equal([exited.Error, "etcdserver: the member has been permanently removed from the cluster"], m2Logged);
    }

    [Fact]
    public async Task New_member_started_with_state_new_should_form_its_own_cluster_and_log_cluster_id_mismatch()
    {
        await using var c = await SimCluster.CreateAsync(4);
        await c.BootstrapAsync(3);
        await c.DelayAsync(6);
        Assert.True((await c.Target.MemberAddAsync(SimCluster.ClientUrl(1), [SimCluster.PeerUrl(4)], false, Timeout, Ct)).IsOk);
        await c.Target.StartAsync("m4", SimCluster.Flags(4, SimCluster.InitialCluster([1, 2, 3, 4]), "new"), Ct);
        await c.DelayAsync(3);

        var o = await c.ObserveAsync();
        Assert.Equal(ProcessState.Running, o["m4"].Process);
        Assert.False(o["m4"].Serving); // never gets a leader, never publishes
        var oldCid = o["m1"].Status!.Header.ClusterId;
        var logs = c.Events<MemberLogged>().Where(e => e.Kind == MemberLogKind.ClusterIdMismatch).ToList();
        Assert.Contains(logs, e => e.Host == "m4" && e.Text.StartsWith("rafthttp: request sent was ignored (cluster ID mismatch: peer[", StringComparison.Ordinal)
            && e.Text.Contains($"]={oldCid:x}, local=", StringComparison.Ordinal));
        Assert.Contains(logs, e => e.Host != "m4" && e.Text.StartsWith("rafthttp: request cluster ID mismatch (got ", StringComparison.Ordinal)
            && e.Text.EndsWith($" want {oldCid:x})", StringComparison.Ordinal));
        var health = await c.Target.CheckHealthAsync([SimCluster.ClientUrl(4)], TimeSpan.FromSeconds(1), Ct);
        Assert.False(health[0].Healthy);
        Assert.Equal("context deadline exceeded", health[0].Error);
    }

    [Fact]
    public async Task Strict_check_should_reject_adding_while_a_voting_member_is_down()
    {
        await using var c = await SimCluster.CreateAsync(4);
        await c.BootstrapAsync(3);
        await c.DelayAsync(6);
        await c.Target.KillAsync("m3", Ct);
        var add = await c.Target.MemberAddAsync(SimCluster.ClientUrl(1), [SimCluster.PeerUrl(4)], false, Timeout, Ct);
        Assert.False(add.IsOk);
        Assert.Equal(RpcErrorCode.Unavailable, add.Error.Code);
        Assert.Equal("etcdserver: unhealthy cluster", add.Error.Message);
    }

    [Fact]
    public async Task Strict_check_should_wait_five_seconds_after_a_peer_reconnects()
    {
        await using var c = await SimCluster.CreateAsync(4);
        await c.BootstrapAsync(3);
        await c.DelayAsync(6);
        await c.Target.KillAsync("m3", Ct);
        await c.Target.StartAsync("m3", SimCluster.Flags(3, SimCluster.InitialCluster([1, 2, 3])), Ct);
        Assert.True(await c.WaitUntilAsync(o => o["m3"].Serving, TimeSpan.FromSeconds(2)));

        var early = await c.Target.MemberAddAsync(SimCluster.ClientUrl(1), [SimCluster.PeerUrl(4)], false, Timeout, Ct);
        Assert.Equal("etcdserver: unhealthy cluster", early.Error?.Message);
        await c.DelayAsync(5);
        var late = await c.Target.MemberAddAsync(SimCluster.ClientUrl(1), [SimCluster.PeerUrl(4)], false, Timeout, Ct);
        Assert.True(late.IsOk, late.Error?.Message);
    }

    [Fact]
    public async Task Strict_check_should_reject_a_second_add_before_the_first_member_started()
    {
        await using var c = await SimCluster.CreateAsync(3);
        await c.Target.StartAsync("m1", SimCluster.Flags(1, SimCluster.InitialCluster([1])), Ct);
        Assert.True(await c.WaitUntilAsync(o => o["m1"].Serving, TimeSpan.FromSeconds(2)));
        var first = await c.Target.MemberAddAsync(SimCluster.ClientUrl(1), [SimCluster.PeerUrl(2)], false, Timeout, Ct);
        Assert.True(first.IsOk, first.Error?.Message);
        var second = await c.Target.MemberAddAsync(SimCluster.ClientUrl(1), [SimCluster.PeerUrl(3)], false, Timeout, Ct);
        Assert.False(second.IsOk);
        Assert.Equal(RpcErrorCode.Unknown, second.Error.Code);
        Assert.Equal("etcdserver: re-configuration failed due to not enough started members", second.Error.Message);
    }

    [Fact]
    public async Task Apply_time_validation_should_reject_a_duplicate_peer_url()
    {
        await using var c = await SimCluster.CreateAsync(3);
        await c.BootstrapAsync(3);
        await c.DelayAsync(6);
        var add = await c.Target.MemberAddAsync(SimCluster.ClientUrl(1), [SimCluster.PeerUrl(2)], true, Timeout, Ct);
        Assert.Equal(RpcErrorCode.FailedPrecondition, add.Error?.Code);
        Assert.Equal("etcdserver: Peer URLs already exists", add.Error?.Message);
        var remove = await c.Target.MemberRemoveAsync(SimCluster.ClientUrl(1), 0x1234, Timeout, Ct);
        Assert.Equal("etcdserver: member not found", remove.Error?.Message);
    }

    [Fact]
    public async Task Learner_should_be_promoted_once_in_sync()
    {
        await using var c = await SimCluster.CreateAsync(4);
        await c.BootstrapAsync(3);
        await c.DelayAsync(6);
        var added = await c.Target.MemberAddAsync(SimCluster.ClientUrl(2), [SimCluster.PeerUrl(4)], true, Timeout, Ct);
        Assert.True(added.IsOk, added.Error?.Message);
        await c.Target.StartAsync("m4", SimCluster.Flags(4, SimCluster.InitialCluster([1, 2, 3, 4]), "existing"), Ct);
        Assert.True(await c.WaitUntilAsync(o => o["m4"].Serving, TimeSpan.FromSeconds(3)));
        Assert.True((await c.ObserveAsync())["m4"].Status!.IsLearner);
        var put = await c.Target.PutAsync(SimCluster.ClientUrl(4), "k", "v", Timeout, Ct);
        Assert.Equal("etcdserver: rpc not supported for learner", put.Error?.Message);

        // Sent to a follower, the promotion is forwarded to the leader.
        var follower = (await c.ObserveAsync()).Hosts.First(h => h.Host != "m4" && h.Status!.Leader != h.Status.Header.MemberId).Host;
        var promoted = await c.Target.MemberPromoteAsync(SimCluster.ClientUrl(SimCluster.Index(follower)), added.Value.Member.Id, Timeout, Ct);
        Assert.True(promoted.IsOk, promoted.Error?.Message);
        Assert.False(promoted.Value.Members.Single(m => m.Id == added.Value.Member.Id).IsLearner);
    }

    [Fact]
    public async Task Second_learner_should_be_refused()
    {
        await using var c = await SimCluster.CreateAsync(3);
        await c.BootstrapAsync(3);
        await c.DelayAsync(6);
        Assert.True((await c.Target.MemberAddAsync(SimCluster.ClientUrl(1), ["http://127.0.1.8:2380"], true, Timeout, Ct)).IsOk);
        var second = await c.Target.MemberAddAsync(SimCluster.ClientUrl(1), ["http://127.0.1.9:2380"], true, Timeout, Ct);
        Assert.Equal(RpcErrorCode.FailedPrecondition, second.Error?.Code);
        Assert.Equal("etcdserver: too many learner members in cluster", second.Error?.Message);
    }
}
