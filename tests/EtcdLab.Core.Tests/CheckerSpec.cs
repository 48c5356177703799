using EtcdLab.Core.Checkers;
using EtcdLab.Core.Events;

namespace EtcdLab.Core.Tests;

public partial class CheckerSpec
{
    /// <summary>The ID LogBuilder gives the unstarted member at 127.0.1.4.</summary>
    private static readonly ulong Unstarted4 = LogBuilder.IdOf("127.0.1.4") ^ 1;

    /// <summary>The violations <paramref name="checker"/> finds, after making sure it applied to the log at all.</summary>
    private static IReadOnlyList<Violation> Check(IInvariantChecker checker, LogBuilder log)
    {
        var result = checker.Check(new RunLog(log.Events));
        Assert.True(result.Status != VerdictStatus.NotApplicable, $"{checker.Id} did not apply: {result.NotApplicableBecause}");
        return result.Violations;
    }

    /// <summary>Why <paramref name="checker"/> does not apply to the log, after making sure it says so.</summary>
    private static string NotApplicable(IInvariantChecker checker, LogBuilder log)
    {
        var result = checker.Check(new RunLog(log.Events));
        Assert.True(result.Status == VerdictStatus.NotApplicable, $"{checker.Id} should not apply, but it {InvariantVerdict.Describe(result.Status)}");
        Assert.Empty(result.Violations);
        return result.NotApplicableBecause!;
    }

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
        Assert.Equal("m1", v.Host);
        Assert.StartsWith("1 acknowledged write(s) are missing on m1 at the end: acknowledged during step 1 (`step text 1`, line 11): /a. ", v.Message);
        Assert.DoesNotContain("/b", v.Message);
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
    public void RemovedMemberWiped_should_flag_a_restart_on_a_restored_copy_of_the_removed_members_data_dir()
    {
        var log = ThreeMembers()
            .Step(2).Add(new DirectoryCopied("m3", "/var/lib/etcd", "/var/lib/etcd-backup", FromDataDir: true, Live: true))
            .Step(3).Command("m1", $"member remove {LogBuilder.IdOf("127.0.1.3"):x}").Observe(["m1", "m2"], ["m1", "m2"], "m1")
            .Step(4).Add(new DirectoryRemoved("m3", "/var/lib/etcd", true))
            .Step(5).Add(new DirectoryRemoved("m3", "/var/lib/etcd", true)).Add(new DirectoryCopied("m3", "/var/lib/etcd-backup/", "/var/lib/etcd", ToDataDir: true))
            .Step(6).Add(new ProcessStarted("m3", "127.0.1.3", []));
        var v = Assert.Single(Check(new RemovedMemberWipedChecker(), log));
        Assert.Equal(6, v.Step);
        Assert.Contains("restored from /var/lib/etcd-backup/ at step 5", v.Message);
    }

    [Fact]
    public void RemovedMemberWiped_should_accept_a_restore_from_a_copy_taken_of_no_member()
    {
        var log = ThreeMembers()
            .Step(2).Add(new DirectoryCopied("m3", "/var/lib/etcd", "/var/lib/etcd-backup", FromDataDir: true))
            .Step(3).Command("m1", $"member remove {LogBuilder.IdOf("127.0.1.3"):x}").Observe(["m1", "m2"], ["m1", "m2"], "m1")
            .Step(4).Add(new DirectoryRemoved("m3", "/var/lib/etcd-backup", false))
            .Step(5).Add(new DirectoryRemoved("m3", "/var/lib/etcd", true)).Add(new DirectoryCopied("m3", "/var/lib/etcd-backup", "/var/lib/etcd", ToDataDir: true))
            .Step(6).Add(new ProcessStarted("m3", "127.0.1.3", []));
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

    [Theory]
    [InlineData("1")]
    [InlineData("T")]
    [InlineData("True")]
    public void ForceNewClusterRemoved_should_flag_every_spelling_of_true_etcd_accepts(string value)
    {
        var log = new LogBuilder(["m1"])
            .Step(3).Add(new HostConfigured("m1", [$"--force-new-cluster={value}"], [])).Add(new ProcessStarted("m1", "127.0.1.1", [$"--force-new-cluster={value}"]))
            .Step(9).Add(new RunFinished(true, null));
        Assert.Single(Check(new ForceNewClusterRemovedChecker(), log));
    }

    [Fact]
    public void ForceNewClusterRemoved_should_accept_the_setting_turned_off_after_use()
    {
        var log = new LogBuilder(["m1"])
            .Step(3).Add(new HostConfigured("m1", ["--force-new-cluster=true"], [])).Add(new ProcessStarted("m1", "127.0.1.1", ["--force-new-cluster=true"]))
            .Step(5).Add(new HostConfigured("m1", ["--force-new-cluster=false"], []))
            .Step(7).Add(new ProcessStarted("m1", "127.0.1.1", ["--force-new-cluster=false"]));
        Assert.Empty(Check(new ForceNewClusterRemovedChecker(), log));
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
    public void OddMembersAtRest_should_not_apply_without_a_rest_point()
    {
        var log = ThreeMembers(["m4"]).Step(3).Observe(["m1", "m2", "m3", "m4"], ["m1", "m2", "m3", "m4"], "m1");
        Assert.Contains("reached no rest point", NotApplicable(new OddMembersAtRestChecker(), log));
    }

    [Fact]
    public void OddMembersAtRest_should_not_apply_when_no_member_served_at_any_rest_point()
    {
        var log = ThreeMembers().Step(3).Add(new RestPoint("end of the procedure")).Observe([], ["m1", "m2", "m3"]);
        Assert.Contains("could not be counted", NotApplicable(new OddMembersAtRestChecker(), log));
    }

    [Fact]
    public void OneMemberAddedAtATime_should_not_apply_when_no_member_was_added()
    {
        var log = ThreeMembers().Step(1).Command("m1", $"member remove {LogBuilder.IdOf("127.0.1.3"):x}");
        Assert.Contains("no `member add` was issued", NotApplicable(new OneMemberAddedAtATimeChecker(), log));
    }

    [Fact]
    public void QuorumKept_should_not_apply_to_an_offline_procedure_even_when_quorum_is_lost()
    {
        var log = ThreeMembers()
            .Step(1).Add(new ClientWriteFailed("app", "/k1", "context deadline exceeded")).Observe(["m1"], ["m1", "m2", "m3"]);
        Assert.Contains("the procedure is offline", NotApplicable(new QuorumKeptChecker(), log));
    }

    [Fact]
    public void QuorumKept_should_not_apply_to_a_run_that_stopped_before_its_online_steps()
    {
        var log = ThreeMembers(online: (5, 8)).Step(2).Observe(["m1"], ["m1", "m2", "m3"]);
        Assert.Contains("stopped before its online steps (steps 5-8)", NotApplicable(new QuorumKeptChecker(), log));
    }

    [Fact]
    public void SingleClusterId_should_not_apply_when_no_member_ever_served()
    {
        var log = new LogBuilder(["m1", "m2", "m3"]).Step(0).Observe([], ["m1", "m2", "m3"]);
        Assert.Contains("no cluster ID was seen", NotApplicable(new SingleClusterIdChecker(), log));
    }

    [Fact]
    public void NoAcknowledgedWriteLost_should_not_apply_when_no_write_was_acknowledged()
    {
        var log = new LogBuilder(["m1"]).Step(1).Add(new ClientWriteFailed("app", "/a", "context deadline exceeded"))
            .Step(9).Add(new KeyspaceRead("m1", 4, [], null));
        Assert.Equal("etcd acknowledged no write", NotApplicable(new NoAcknowledgedWriteLostChecker(), log));
    }

    [Fact]
    public void NoAcknowledgedWriteLost_should_not_apply_when_every_write_lies_in_the_loss_window()
    {
        var log = new LogBuilder(["m1"], lossWindow: (3, 4)).Step(3).Add(new ClientWriteAcknowledged("app", "m1", "/b", "v2", 6))
            .Step(9).Add(new KeyspaceRead("m1", 4, [], null));
        Assert.Contains("only inside the loss window (steps 3-4)", NotApplicable(new NoAcknowledgedWriteLostChecker(), log));
    }

    [Fact]
    public void NoAcknowledgedWriteLost_should_name_every_lost_key_as_ranges_per_member_and_step()
    {
        static ClientWriteAcknowledged Ack(string writer, int n) => new(writer, "m1", $"/etcdlab/{writer}-{n:D6}", $"v{n}", 100 + n);
        var log = new LogBuilder(["m1", "m2"], lossWindow: (6, 6)).Step(2);
        for (var n = 1; n <= 30; n++) log.Add(Ack("app", n));
        log.Add(Ack("batch", 1)).Add(Ack("batch", 2)).Step(4);
        for (var n = 31; n <= 40; n++) log.Add(Ack("app", n));
        log.Step(6);
        for (var n = 41; n <= 45; n++) log.Add(Ack("app", n)); // inside the loss window: may be lost
        var onM1 = Enumerable.Range(1, 45).Where(n => n is < 12 or > 19 and not 25 and < 35).Select(n => new KeyValuePair<string, string>($"/etcdlab/app-{n:D6}", $"v{n}"))
            .Append(new("/etcdlab/batch-000002", "v2")).ToArray();
        var onM2 = Enumerable.Range(1, 40).Select(n => new KeyValuePair<string, string>($"/etcdlab/app-{n:D6}", $"v{n}"))
            .Append(new("/etcdlab/batch-000001", "v1")).Append(new("/etcdlab/batch-000002", "other")).ToArray();
        log.Step(9).Add(new KeyspaceRead("m1", 200, onM1, null)).Add(new KeyspaceRead("m2", 200, onM2, null));

        var violations = Check(new NoAcknowledgedWriteLostChecker(), log);
        Assert.Equal(2, violations.Count);
        var m1 = violations.Single(v => v.Host == "m1");
        Assert.Equal(
            "16 acknowledged write(s) are missing on m1 at the end, in 4 ranges: " +
            "acknowledged during step 2 (`step text 2`, line 12): /etcdlab/app-000012..000019, /etcdlab/app-000025, /etcdlab/batch-000001; " +
            "acknowledged during step 4 (`step text 4`, line 14): /etcdlab/app-000035..000040. ",
            m1.Message[..(m1.Message.IndexOf("Runbook", StringComparison.Ordinal))]);
        Assert.Equal(
            [new KeyRange("/etcdlab/app-000012", "/etcdlab/app-000019", 8, 2), new KeyRange("/etcdlab/app-000025", "/etcdlab/app-000025", 1, 2),
             new KeyRange("/etcdlab/batch-000001", "/etcdlab/batch-000001", 1, 2), new KeyRange("/etcdlab/app-000035", "/etcdlab/app-000040", 6, 4)],
            m1.Keys!);
        var m2 = violations.Single(v => v.Host == "m2");
        Assert.StartsWith("1 acknowledged write(s) are missing on m2 at the end (1 of them hold another value than the one acknowledged): " +
                          "acknowledged during step 2 (`step text 2`, line 12): /etcdlab/batch-000002. ", m2.Message);
    }

    [Fact]
    public void NoAcknowledgedWriteLost_should_cap_the_ranges_in_its_message_but_keep_them_all_in_its_keys()
    {
        var log = new LogBuilder(["m1"]).Step(1);
        for (var n = 1; n <= 2 * 60; n += 2) log.Add(new ClientWriteAcknowledged("app", "m1", $"/etcdlab/app-{n:D6}", $"v{n}", n));
        log.Add(new ClientWriteAcknowledged("app", "m1", "/etcdlab/app-000200", "v200", 200))
            .Add(new ClientWriteAcknowledged("app", "m1", "/etcdlab/app-000201", "v201", 201));
        log.Step(9).Add(new KeyspaceRead("m1", 300, [], null));
        var v = Assert.Single(Check(new NoAcknowledgedWriteLostChecker(), log));
        Assert.Contains("62 acknowledged write(s) are missing on m1 at the end, in 61 ranges:", v.Message);
        Assert.Contains("/etcdlab/app-000099; and 11 more ranges (12 keys). Runbook 004", v.Message);
        Assert.DoesNotContain("/etcdlab/app-000101", v.Message);
        Assert.Equal(61, v.Keys!.Count);
        Assert.Equal("/etcdlab/app-000200..000201", v.Keys[^1].ToString());
    }

    [Fact]
    public void NoAcknowledgedWriteLost_should_accept_a_key_overwritten_inside_the_loss_window()
    {
        var log = new LogBuilder(["m1"], lossWindow: (3, 3))
            .Step(1).Add(new ClientWriteAcknowledged("batch", "m1", "/a", "v1", 5))
            .Step(3).Add(new ClientWriteAcknowledged("batch", "m1", "/a", "v2", 6))
            .Step(9).Add(new KeyspaceRead("m1", 6, [new("/a", "v2")], null));
        Assert.Empty(Check(new NoAcknowledgedWriteLostChecker(), log));
    }

    [Fact]
    public void NoLocalhostPeerUrl_should_accept_real_addresses_in_a_multi_member_cluster()
    {
        Assert.Empty(Check(new NoLocalhostPeerUrlChecker(), ThreeMembers()));
    }

    [Fact]
    public void NoLocalhostPeerUrl_should_not_apply_to_a_cluster_that_never_had_two_members()
    {
        var log = new LogBuilder(["m1"]).Step(1).Observe(["m1"], ["m1"], "m1", peerIps: new() { ["m1"] = "http://localhost:2380" });
        Assert.Contains("never had two or more members", NotApplicable(new NoLocalhostPeerUrlChecker(), log));
    }

    [Fact]
    public void RemovedMemberWiped_should_not_apply_when_no_member_left()
    {
        var log = ThreeMembers().Step(2).Add(new ProcessStopped("m3", false)).Step(3).Add(new ProcessStarted("m3", "127.0.1.3", []))
            .Observe(["m1", "m2", "m3"], ["m1", "m2", "m3"], "m1");
        Assert.Contains("no member left the cluster", NotApplicable(new RemovedMemberWipedChecker(), log));
    }

    [Fact]
    public void ForceNewClusterRemoved_should_flag_the_setting_from_the_hosts_own_flags_left_in_place()
    {
        var log = new LogBuilder(["m1"]).Step(0).Add(new ProcessStarted("m1", "127.0.1.1", ["--force-new-cluster=true"])).Step(9).Add(new RunFinished(true, null));
        var v = Assert.Single(Check(new ForceNewClusterRemovedChecker(), log));
        Assert.Contains("still sets --force-new-cluster (set at step 0)", v.Message);
    }

    [Fact]
    public void ForceNewClusterRemoved_should_not_apply_when_no_host_used_it()
    {
        var log = new LogBuilder(["m1"]).Step(0).Add(new ProcessStarted("m1", "127.0.1.1", ["--name=m1"]))
            .Step(3).Add(new HostConfigured("m1", ["--heartbeat-interval=200"], []));
        Assert.Contains("never started with it", NotApplicable(new ForceNewClusterRemovedChecker(), log));
    }

    [Fact]
    public void FinalMembership_should_accept_the_declared_members_healthy_at_their_addresses()
    {
        var log = ThreeMembers(final: ["m1", "m2", "m3"]).Step(9).Observe(["m1", "m2", "m3"], ["m1", "m2", "m3"], "m2");
        Assert.Empty(Check(new FinalMembershipChecker(), log));
    }

    [Fact]
    public void FinalMembership_should_not_apply_without_declared_final_members()
    {
        var log = ThreeMembers().Step(9).Observe(["m1"], ["m1", "m2", "m3"]);
        Assert.Contains("no `final-members`", NotApplicable(new FinalMembershipChecker(), log));
    }

    private static readonly string[] All3 = ["m1", "m2", "m3"];

    [Fact]
    public void OneLeaderPerTerm_should_flag_two_members_elected_in_one_term()
    {
        var log = new LogBuilder(All3).Step(0).Elected("m1", 2).Observe(All3, All3, "m1")
            .Step(3).Elected("m2", 2);
        var v = Assert.Single(Check(new OneLeaderPerTermChecker(), log));
        Assert.Equal((3, "m2"), (v.Step, v.Host));
        Assert.Equal(log.Events[^1].Seq, v.Seq);
        Assert.Contains($"Two members led cluster 1bfce294034d8791 in term 2: m1 (member {log.Id("m1"):x}) became leader at term 2 during step 0", v.Message);
        Assert.Contains($"and m2 (member {log.Id("m2"):x}) became leader at term 2 during step 3 (`step text 3`, line 13)", v.Message);
        Assert.Contains("split brain", v.Message);
    }

    [Fact]
    public void OneLeaderPerTerm_should_flag_two_members_reporting_different_leaders_for_one_term()
    {
        var log = ThreeMembers().Step(4).Observe(All3, All3, "m1", term: 5, leaders: new() { ["m3"] = "m3" });
        var v = Assert.Single(Check(new OneLeaderPerTermChecker(), log));
        Assert.Equal((4, "m3"), (v.Step, v.Host));
        Assert.Contains($"in term 5: m1 reported itself as its leader at raft term 5 after step 4", v.Message);
        Assert.Contains("and m3 reported itself as its leader at raft term 5 after step 4", v.Message);
    }

    [Fact]
    public void OneLeaderPerTerm_should_flag_a_status_that_names_another_leader_than_the_one_elected_in_its_term()
    {
        var log = new LogBuilder(All3).Step(0).Elected("m1", 2).Observe(All3, All3, "m1")
            .Step(2).Observe(All3, All3, "m1", leaders: new() { ["m2"] = "m2" });
        var v = Assert.Single(Check(new OneLeaderPerTermChecker(), log));
        Assert.Contains($"m1 (member {log.Id("m1"):x}) became leader at term 2 during step 0", v.Message);
        Assert.Contains("m2 reported itself as its leader at raft term 2 after step 2", v.Message);
    }

    [Fact]
    public void OneLeaderPerTerm_should_accept_successive_leaders_and_a_status_that_lags_the_new_term()
    {
        var log = new LogBuilder(All3).Step(0).Elected("m1", 2).Observe(All3, All3, "m1")
            .Step(3).Elected("m2", 3)
            // etcd reports the term of the last entry it applied: members already follow m2, but have applied
            // nothing of term 3 yet.
            .Observe(All3, All3, "m2", term: 2)
            .Step(4).Observe(All3, All3, "m2", term: 3);
        Assert.Empty(Check(new OneLeaderPerTermChecker(), log));
    }

    [Fact]
    public void OneLeaderPerTerm_should_accept_leaders_of_two_clusters_in_one_term()
    {
        var log = new LogBuilder(All3).Step(0).Elected("m1", 2).Observe(All3, All3, "m1")
            .Step(5).Elected("m3", 2)
            .Observe(All3, All3, "m1", clusters: new() { ["m3"] = 0x330c22d141ac1f6a }, leaders: new() { ["m3"] = "m3" });
        Assert.Empty(Check(new OneLeaderPerTermChecker(), log));
    }

    [Fact]
    public void OneLeaderPerTerm_should_accept_a_forced_new_cluster_going_on_from_an_older_term()
    {
        // m1 was down while m3 led term 3; forced, m1 goes on from its own term 2 and wins term 3 in the new history.
        var log = new LogBuilder(All3).Step(0).Elected("m1", 2).Observe(All3, All3, "m1")
            .Step(2).Elected("m3", 3).Observe(["m2", "m3"], All3, "m3", term: 3)
            .Step(4).Add(new ProcessStarted("m1", "127.0.1.1", ["--name=m1", "--force-new-cluster=true"])).Elected("m1", 3)
            .Observe(["m1"], ["m1"], "m1", term: 3);
        Assert.Empty(Check(new OneLeaderPerTermChecker(), log));
    }

    [Fact]
    public void OneLeaderPerTerm_should_not_apply_when_no_member_ever_had_a_leader()
    {
        var log = new LogBuilder(All3).Step(0).Observe(All3, All3);
        Assert.Contains("no member became leader and no member reported a leader", NotApplicable(new OneLeaderPerTermChecker(), log));
    }

    [Fact]
    public void StateAgreement_should_flag_members_that_hold_different_keys_at_one_revision()
    {
        var log = ThreeMembers().Step(9).Observe(All3, All3, "m1")
            .Add(new KeyspaceRead("m1", 7, [new("/a", "1"), new("/b", "2")], null))
            .Add(new KeyspaceRead("m2", 7, [new("/a", "1"), new("/b", "3"), new("/c", "4")], null))
            .Add(new KeyspaceRead("m3", 7, [new("/a", "1"), new("/b", "2")], null));
        var v = Assert.Single(Check(new StateAgreementChecker(), log));
        Assert.Equal((9, "m2"), (v.Step, v.Host));
        Assert.Contains("At the end m1 and m2 both served revision 7 of cluster 1bfce294034d8791, but 2 key(s) differ: /b (m1: 2, m2: 3), /c (only on m2).", v.Message);
        Assert.Contains("applied different entries at one index", v.Message);
    }

    [Fact]
    public void StateAgreement_should_flag_a_member_the_simulator_saw_apply_another_entry()
    {
        var log = ThreeMembers().Step(4)
            .Add(new RaftSafetyViolated("m2", "m1", 0x1bfce294034d8791, 12, "put /a=2 (term 3)", "put /a=1 (term 2)"));
        var v = Assert.Single(Check(new StateAgreementChecker(), log));
        Assert.Equal((4, "m2"), (v.Step, v.Host));
        Assert.Contains("m2 applied put /a=2 (term 3) at raft index 12 of cluster 1bfce294034d8791, but m1 had applied put /a=1 (term 2) there", v.Message);
    }

    [Fact]
    public void StateAgreement_should_accept_equal_keyspaces_and_not_compare_other_revisions()
    {
        var log = new LogBuilder(All3, target: "docker").Step(0).Observe(All3, All3, "m1")
            .Step(9).Observe(All3, All3, "m1")
            .Add(new KeyspaceRead("m1", 7, [new("/a", "1"), new("/b", "2")], null))
            .Add(new KeyspaceRead("m2", 7, [new("/a", "1"), new("/b", "2")], null))
            .Add(new KeyspaceRead("m3", 8, [new("/a", "1"), new("/b", "2"), new("/c", "3")], null));
        Assert.Empty(Check(new StateAgreementChecker(), log));
    }

    [Fact]
    public void StateAgreement_should_not_apply_on_docker_without_two_reads_at_one_revision()
    {
        var log = new LogBuilder(All3, target: "docker").Step(0).Observe(All3, All3, "m1")
            .Step(9).Observe(All3, All3, "m1")
            .Add(new KeyspaceRead("m1", 7, [new("/a", "1")], null))
            .Add(new KeyspaceRead("m2", 0, [], "context deadline exceeded"));
        Assert.Contains("only the simulator records that", NotApplicable(new StateAgreementChecker(), log));
    }

    [Fact]
    public void StateAgreement_should_apply_on_the_simulator_which_compares_every_applied_entry()
    {
        var log = ThreeMembers().Step(9).Observe(All3, All3, "m1").Add(new KeyspaceRead("m1", 7, [new("/a", "1")], null));
        Assert.Empty(Check(new StateAgreementChecker(), log));
    }

    [Fact]
    public void Check_should_not_fail_a_run_on_a_promised_invariant_that_does_not_apply()
    {
        var log = new LogBuilder(["m1", "m2", "m3"], invariants: [InvariantIds.QuorumKept, InvariantIds.FinalMembership])
            .Step(0).Observe(["m1", "m2", "m3"], ["m1", "m2", "m3"], "m1");
        var verdicts = InvariantCheckers.Check(log.Events);
        var quorum = verdicts.Single(v => v.Id == InvariantIds.QuorumKept);
        Assert.True(quorum.Promised);
        Assert.Equal(VerdictStatus.NotApplicable, quorum.Status);
        Assert.Contains("offline", quorum.NotApplicableBecause);
        Assert.False(quorum.FailsRun);
        Assert.True(quorum.NoBreachFound);
        Assert.DoesNotContain(verdicts, v => v.FailsRun);
    }

    [Fact]
    public void Check_should_not_crash_on_a_log_whose_lines_appear_twice()
    {
        var log = ThreeMembers(["m4"], online: (1, 9), final: ["m1", "m2", "m4"])
            .Step(1).Command("m1", $"member remove {LogBuilder.IdOf("127.0.1.3"):x}").Observe(["m1", "m2"], ["m1", "m2"], "m1")
            .Step(2).Command("m1", "member add m4 --peer-urls=http://127.0.1.4:2380", stdout: $"Member {Unstarted4:x} added to cluster 1bfce294034d8791\n")
            .Observe(["m1", "m2"], ["m1", "m2", "unstarted@127.0.1.4"], "m1")
            .Step(3).Add(new ProcessStarted("m3", "127.0.1.3", [])).Add(new ClientWriteAcknowledged("app", "m1", "/a", "v1", 5))
            .Step(9).Add(new RestPoint("end of the procedure")).Observe(["m1", "m2", "m4"], ["m1", "m2", "m4"], "m1")
            .Add(new KeyspaceRead("m1", 5, [new("/a", "v1"), new("/a", "v1")], null));
        // Each line twice, as a reader that does not refuse such a file gives them: equal events, equal numbers.
        var twice = log.Events.SelectMany(e => new[] { e, e with { } }).ToArray();

        var verdicts = InvariantCheckers.Check(twice);

        Assert.Equal(InvariantIds.All, verdicts.Select(v => v.Id));
        Assert.Equal(VerdictStatus.Broken, verdicts.Single(v => v.Id == InvariantIds.RemovedMemberWiped).Status);
        Assert.Equal(VerdictStatus.Holds, verdicts.Single(v => v.Id == InvariantIds.NoAcknowledgedWriteLost).Status);
    }

    [Fact]
    public void Every_checker_should_be_able_to_hold_break_and_say_why_it_does_not_apply()
    {
        // Guards the audit: a checker added later without a "not applicable" case, or one that can no longer
        // fail, shows up here. The cases themselves are the facts above.
        var facts = typeof(CheckerSpec).GetMethods().Where(m => m.GetCustomAttributes(typeof(FactAttribute), false).Length > 0).Select(m => m.Name).ToArray();
        foreach (var checker in InvariantCheckers.All)
        {
            var prefix = checker.GetType().Name[..^"Checker".Length] + "_should_";
            Assert.Contains(facts, f => f.StartsWith(prefix + "flag", StringComparison.Ordinal));
            Assert.Contains(facts, f => f.StartsWith(prefix + "accept", StringComparison.Ordinal));
            Assert.Contains(facts, f => f.StartsWith(prefix + "not_apply", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void ConformanceReport_should_count_holds_against_not_applicable_as_a_disagreement()
    {
        var offline = ThreeMembers().Step(9).Observe(["m1", "m2", "m3"], ["m1", "m2", "m3"], "m1");
        var online = ThreeMembers(online: (1, 9)).Step(9).Observe(["m1", "m2", "m3"], ["m1", "m2", "m3"], "m1");
        var report = Conformance.ConformanceReport.Compare(offline.Events, online.Events);
        var d = Assert.Single(report.Disagreements, x => x.Fact.StartsWith("verdict:", StringComparison.Ordinal));
        Assert.Equal(("verdict:quorum-kept", "not applicable", "holds"), (d.Fact, d.Sim, d.Docker));
        Assert.Equal((InvariantIds.All.Count - 1, InvariantIds.All.Count), report.VerdictAgreement);
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
