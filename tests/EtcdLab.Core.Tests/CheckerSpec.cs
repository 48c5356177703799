using EtcdLab.Core.Checkers;
using EtcdLab.Core.Events;

namespace EtcdLab.Core.Tests;

public class CheckerSpec
{
    /// <summary>The ID LogBuilder gives the unstarted member at 127.0.1.4.</summary>
    private static readonly ulong Unstarted4 = LogBuilder.IdOf("127.0.1.4") ^ 1;

    private static IReadOnlyList<Violation> Check(IInvariantChecker checker, LogBuilder log) => checker.Check(new RunLog(log.Events));

    private static LogBuilder ThreeMembers(string[]? spare = null, (int, int)? online = null, string[]? final = null) =>
        new LogBuilder(["m1", "m2", "m3"], spare, online, final).Step(0).Observe(["m1", "m2", "m3"], ["m1", "m2", "m3"], "m1");

    [Fact]
    public void OddMembersAtRest_should_flag_four_voting_members_at_a_rest_point()
    {
        var log = ThreeMembers(["m4"]).Step(3).Add(new RestPoint("scaled up")).Observe(["m1", "m2", "m3", "m4"], ["m1", "m2", "m3", "m4"], "m1");
        var v = Assert.Single(Check(new OddMembersAtRestChecker(), log));
        Assert.Equal(3, v.Step);
        Assert.Contains("4 voting members (m1, m2, m3, m4)", v.Message);
        Assert.Contains("keep the count odd", v.Message);
    }

    [Fact]
    public void OddMembersAtRest_should_accept_an_even_count_between_rest_points()
    {
        var log = ThreeMembers(["m4", "m5"]).Step(2).Observe(["m1", "m2", "m3", "m4"], ["m1", "m2", "m3", "m4"], "m1")
            .Step(4).Add(new RestPoint("scaled up")).Observe(["m1", "m2", "m3", "m4", "m5"], ["m1", "m2", "m3", "m4", "m5"], "m1");
        Assert.Empty(Check(new OddMembersAtRestChecker(), log));
    }

    [Fact]
    public void OneMemberAddedAtATime_should_flag_a_second_add_before_the_first_member_started()
    {
        var log = ThreeMembers(["m4", "m5"])
            .Step(1).Command("m1", "member add m4 --peer-urls=http://127.0.1.4:2380", stdout: $"Member {Unstarted4:x} added to cluster 1bfce294034d8791\n")
            .Observe(["m1", "m2", "m3"], ["m1", "m2", "m3", "unstarted@127.0.1.4"], "m1")
            .Step(2).Command("m1", "member add m5 --peer-urls=http://127.0.1.5:2380", exit: 1);
        var v = Assert.Single(Check(new OneMemberAddedAtATimeChecker(), log));
        Assert.Equal(2, v.Step);
        Assert.Contains($"adds m5 while m4 (member {Unstarted4:x}, added at step 1) has not started", v.Message);
        Assert.Contains("one at a time", v.Message);
    }

    [Fact]
    public void OneMemberAddedAtATime_should_accept_an_add_after_the_previous_member_started()
    {
        var log = ThreeMembers(["m4", "m5"])
            .Step(1).Command("m1", "member add m4 --peer-urls=http://127.0.1.4:2380", stdout: $"Member {LogBuilder.IdOf("127.0.1.4"):x} added to cluster 1\n")
            .Step(2).Observe(["m1", "m2", "m3", "m4"], ["m1", "m2", "m3", "m4"], "m1")
            .Step(3).Command("m1", "member add m5 --peer-urls=http://127.0.1.5:2380");
        Assert.Empty(Check(new OneMemberAddedAtATimeChecker(), log));
    }

    [Fact]
    public void QuorumKept_should_flag_an_add_issued_while_a_voting_member_is_down()
    {
        var log = ThreeMembers(["m4"], online: (1, 5))
            .Step(1).Observe(["m1", "m2"], ["m1", "m2", "m3"], "m1")
            .Step(2).Command("m1", "member add m4 --peer-urls=http://127.0.1.4:2380", exit: 1);
        var v = Assert.Single(Check(new QuorumKeptChecker(), log));
        Assert.Contains("while m3 is down: the cluster would have 4 voting members of which 2 run, fewer than the quorum of 3", v.Message);
        Assert.Contains("remove the failed one", v.Message);
    }

    [Fact]
    public void QuorumKept_should_flag_failed_writes_and_lost_quorum_only_inside_online_steps()
    {
        var log = ThreeMembers(online: (2, 3))
            .Step(1).Add(new ClientWriteFailed("app", "/k1", "context deadline exceeded")).Observe(["m1"], ["m1", "m2", "m3"])
            .Step(2).Add(new ClientWriteFailed("app", "/k2", "context deadline exceeded")).Observe(["m1"], ["m1", "m2", "m3"]);
        var violations = Check(new QuorumKeptChecker(), log);
        Assert.Equal(2, violations.Count);
        Assert.All(violations, v => Assert.Equal(2, v.Step));
        Assert.Contains(violations, v => v.Message.Contains("only 1 of 3 voting members run (m2, m3 not running)"));
        Assert.Contains(violations, v => v.Message.Contains("/k2 with 'context deadline exceeded'"));
    }

    [Fact]
    public void QuorumKept_should_accept_replacing_a_failed_member_in_the_runbooks_order()
    {
        var log = ThreeMembers(["m4"], online: (1, 5))
            .Step(1).Observe(["m1", "m2"], ["m1", "m2", "m3"], "m1")
            .Step(2).Command("m1", $"member remove {LogBuilder.IdOf("127.0.1.3"):x}").Observe(["m1", "m2"], ["m1", "m2"], "m1")
            .Step(3).Command("m1", "member add m4 --peer-urls=http://127.0.1.4:2380").Observe(["m1", "m2"], ["m1", "m2", "unstarted@127.0.1.4"], "m1")
            .Step(4).Observe(["m1", "m2", "m4"], ["m1", "m2", "m4"], "m1");
        Assert.Empty(Check(new QuorumKeptChecker(), log));
    }

    [Fact]
    public void SingleClusterId_should_flag_two_clusters_and_a_logged_mismatch()
    {
        var log = ThreeMembers(["m4"])
            .Step(5).Observe(["m1", "m2", "m4"], ["m1", "m2", "m4"], "m1", clusters: new() { ["m4"] = 0x330c22d141ac1f6a })
            .Add(new MemberLogged("m1", MemberLogKind.ClusterIdMismatch, "rafthttp: request cluster ID mismatch (got 330c22d141ac1f6a want 1bfce294034d8791)"));
        var violations = Check(new SingleClusterIdChecker(), log);
        Assert.Equal(2, violations.Count);
        Assert.Contains(violations, v => v.Message.Contains("m4 in cluster 330c22d141ac1f6a"));
        Assert.Contains(violations, v => v.Host == "m1" && v.Message.Contains("request cluster ID mismatch (got 330c22d141ac1f6a"));
    }

    [Fact]
    public void SingleClusterId_should_accept_one_cluster()
    {
        var log = ThreeMembers().Step(1).Observe(["m1", "m2"], ["m1", "m2", "m3"], "m1");
        Assert.Empty(Check(new SingleClusterIdChecker(), log));
    }

    [Fact]
    public void NoAcknowledgedWriteLost_should_flag_a_missing_write_outside_the_loss_window()
    {
        var log = new LogBuilder(["m1"], lossWindow: (3, 4))
            .Step(1).Add(new ClientWriteAcknowledged("app", "m1", "/a", "v1", 5))
            .Step(3).Add(new ClientWriteAcknowledged("app", "m1", "/b", "v2", 6))
            .Step(9).Add(new KeyspaceRead("m1", 4, [], null));
        var v = Assert.Single(Check(new NoAcknowledgedWriteLostChecker(), log));
        Assert.Contains("1 acknowledged write(s) are missing on m1", v.Message);
        Assert.Contains("/a=v1", v.Message);
    }

    [Fact]
    public void NoAcknowledgedWriteLost_should_flag_a_run_where_no_member_served_the_final_read()
    {
        var log = new LogBuilder(["m1"]).Step(1).Add(new ClientWriteAcknowledged("app", "m1", "/a", "v1", 5))
            .Step(9).Add(new KeyspaceRead("m1", 0, [], "context deadline exceeded"));
        Assert.Contains("no member served the final read", Assert.Single(Check(new NoAcknowledgedWriteLostChecker(), log)).Message);
    }

    [Fact]
    public void NoAcknowledgedWriteLost_should_accept_every_write_found()
    {
        var log = new LogBuilder(["m1"]).Step(1).Add(new ClientWriteAcknowledged("app", "m1", "/a", "v1", 5))
            .Step(9).Add(new KeyspaceRead("m1", 5, [new("/a", "v1")], null));
        Assert.Empty(Check(new NoAcknowledgedWriteLostChecker(), log));
    }

    [Fact]
    public void NoLocalhostPeerUrl_should_flag_localhost_only_once_the_cluster_has_two_members()
    {
        var log = new LogBuilder(["m1"], ["m2"])
            .Step(1).Observe(["m1"], ["m1"], "m1", peerIps: new() { ["m1"] = "http://localhost:2380" })
            .Step(2).Observe(["m1"], ["m1", "unstarted@127.0.1.2"], "m1", peerIps: new() { ["m1"] = "http://localhost:2380" });
        var v = Assert.Single(Check(new NoLocalhostPeerUrlChecker(), log));
        Assert.Equal(2, v.Step);
        Assert.Contains("http://localhost:2380", v.Message);
    }

    [Fact]
    public void RemovedMemberWiped_should_flag_a_restart_on_the_removed_members_data_dir()
    {
        var log = ThreeMembers()
            .Step(2).Command("m1", $"member remove {LogBuilder.IdOf("127.0.1.3"):x}").Observe(["m1", "m2"], ["m1", "m2"], "m1")
            .Step(4).Add(new ProcessStarted("m3", "127.0.1.3", []));
        var v = Assert.Single(Check(new RemovedMemberWipedChecker(), log));
        Assert.Equal("m3", v.Host);
        Assert.Contains("left the cluster at step 2", v.Message);
    }

    [Fact]
    public void RemovedMemberWiped_should_accept_a_restart_after_the_wipe()
    {
        var log = ThreeMembers()
            .Step(2).Command("m1", $"member remove {LogBuilder.IdOf("127.0.1.3"):x}").Observe(["m1", "m2"], ["m1", "m2"], "m1")
            .Step(3).Add(new DirectoryRemoved("m3", "/var/lib/etcd", true))
            .Step(4).Add(new ProcessStarted("m3", "127.0.1.3", []));
        Assert.Empty(Check(new RemovedMemberWipedChecker(), log));
    }

    [Fact]
    public void ForceNewClusterRemoved_should_flag_the_setting_left_in_place()
    {
        var log = new LogBuilder(["m1"])
            .Step(3).Add(new HostConfigured("m1", ["--force-new-cluster=true"], [])).Add(new ProcessStarted("m1", "127.0.1.1", ["--force-new-cluster=true"]))
            .Step(9).Add(new RunFinished(true, null));
        var v = Assert.Single(Check(new ForceNewClusterRemovedChecker(), log));
        Assert.Contains("still sets --force-new-cluster (set at step 3)", v.Message);
    }

    [Fact]
    public void ForceNewClusterRemoved_should_accept_the_setting_removed_after_use()
    {
        var log = new LogBuilder(["m1"])
            .Step(3).Add(new HostConfigured("m1", ["--force-new-cluster=true"], [])).Add(new ProcessStarted("m1", "127.0.1.1", ["--force-new-cluster=true"]))
            .Step(5).Add(new HostConfigured("m1", [], ["force-new-cluster"]))
            .Step(7).Add(new ProcessStarted("m1", "127.0.1.1", []));
        Assert.Empty(Check(new ForceNewClusterRemovedChecker(), log));
    }

    [Fact]
    public void FinalMembership_should_flag_a_stale_peer_url_after_an_ip_change()
    {
        var log = ThreeMembers(final: ["m1", "m2", "m3"])
            .Step(4).MoveIp("m1", "127.0.2.1")
            .Step(9).Observe(["m1", "m2", "m3"], ["m1", "m2", "m3"], "m2", peerIps: new() { ["m1"] = "127.0.1.1" });
        var v = Assert.Single(Check(new FinalMembershipChecker(), log));
        Assert.Equal("m1", v.Host);
        Assert.Contains("registered peer URL is http://127.0.1.1:2380, but the host's address is 127.0.2.1", v.Message);
        Assert.Contains("member update", v.Message);
    }

    [Fact]
    public void FinalMembership_should_flag_missing_and_unexpected_members()
    {
        var log = ThreeMembers(["m4"], final: ["m1", "m2", "m4"]).Step(9).Observe(["m1", "m2"], ["m1", "m2", "m3"], "m1");
        var v = Check(new FinalMembershipChecker(), log).First();
        Assert.Contains("missing: m4; not expected: m3", v.Message);
    }

    [Fact]
    public void Check_should_mark_only_promised_invariants_as_promised()
    {
        var log = ThreeMembers();
        var verdicts = InvariantCheckers.Check(log.Events);
        Assert.Equal(InvariantIds.All, verdicts.Select(v => v.Id));
        Assert.All(verdicts, v => Assert.False(v.Promised));
    }
}
