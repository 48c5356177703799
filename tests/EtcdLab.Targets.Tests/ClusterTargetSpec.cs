using EtcdLab.Core.Events;
using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Targets;

namespace EtcdLab.Targets.Tests;

/// <summary>
/// The contract every cluster target keeps, in the manner of Akka.Persistence.TCK: one abstract spec
/// of virtual facts, subclassed once per target (the simulator, real etcd in Docker). Every host
/// action, client call and error case a scenario can reach runs here against both, with the same
/// expected outcome and the same words.
/// </summary>
public abstract class ClusterTargetSpec
{
    /// <summary>A fresh, uninitialized target.</summary>
    protected abstract Task<IClusterTarget> CreateTargetAsync();

    private async Task<TargetRun> RunAsync(int hosts) => await TargetRun.CreateAsync(await CreateTargetAsync(), hosts);

    [Fact]
    public virtual async Task Bootstrap_should_start_members_together_and_record_each_start()
    {
        await using var run = await RunAsync(4);
        await run.BootstrapAsync("m1", "m2", "m3");

        Assert.Equal(["m1", "m2", "m3"], run.Events<ProcessStarted>().Select(e => e.Host));
        Assert.All(run.Events<ProcessStarted>(), e => Assert.Equal(run.Ip(e.Host), e.Ip));
        Assert.Equal(ProcessState.Running, run.Target.ProcessOf("m1"));
        Assert.Equal(ProcessState.NotStarted, run.Target.ProcessOf("m4"));
        var list = await run.Target.MemberListAsync(run.Endpoint("m2"), TargetRun.Rpc, run.Ct);
        Assert.Equal(3, list.Value!.Members.Count);
    }

    [Fact]
    public virtual async Task Hosts_should_live_where_the_address_map_places_them()
    {
        await using var run = await RunAsync(2);
        var map = run.Target.Addresses;
        Assert.Equal(map.Map("127.0.1.2"), run.Ip("m2"));
        Assert.True(map.Holds(run.Ip("m1")));
    }

    [Fact]
    public virtual async Task Start_should_refuse_a_host_where_etcd_runs()
    {
        await using var run = await RunAsync(1);
        await run.BootstrapAsync("m1");
        var refused = await Assert.ThrowsAsync<HostActionException>(() => run.Target.StartAsync("m1", run.Flags("m1", ["m1"]), run.Ct));
        Assert.Equal("etcd already runs on m1 (running); stop it before starting it again.", refused.Message);
        Assert.Single(run.Events<ProcessStarted>());
    }

    [Fact]
    public virtual async Task Every_host_action_should_refuse_an_unknown_host_in_the_same_words()
    {
        await using var run = await RunAsync(2);
        var flags = run.Flags("m1", ["m1"]);
        Func<Task>[] actions =
        [
            () => run.Target.StartAsync("m9", flags, run.Ct),
            () => run.Target.StopAsync("m9", run.Ct),
            () => run.Target.KillAsync("m9", run.Ct),
            () => run.Target.PauseAsync("m9", run.Ct),
            () => run.Target.ResumeAsync("m9", run.Ct),
            () => run.Target.RemoveDirectoryAsync("m9", "/var/lib/etcd", run.Ct),
            () => run.Target.CopyDirectoryAsync("m9", "/var/lib/etcd", "/var/lib/backup", run.Ct),
            () => run.Target.CopyFileAsync("m1", "/var/lib/a.db", "m9", "/var/lib/a.db", run.Ct),
            () => run.Target.ChangeIpAsync("m9", run.Target.Addresses.Map("127.0.2.9"), null, run.Ct),
            () => run.Target.PartitionAsync([["m1"], ["m9"]], run.Ct),
            () => run.Target.DegradeLinksAsync("m9", TimeSpan.FromMilliseconds(10), 0.1, run.Ct),
            () => run.Target.RestoreLinksAsync("m9", run.Ct),
            () => run.Target.StartWriterAsync(new WriterSpec("w", ["m9"], "/k/", TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1), 5), run.Ct),
            () => run.Target.BootstrapAsync([new("m9", flags)], run.Ct),
        ];
        foreach (var action in actions)
        {
            var refused = await Assert.ThrowsAsync<HostActionException>(action);
            Assert.Equal("Unknown host m9: this run's hosts are m1, m2.", refused.Message);
        }
        Assert.Empty(run.Recorder.Events);
    }

    [Fact]
    public virtual async Task Pause_and_resume_should_refuse_a_process_in_the_wrong_state()
    {
        await using var run = await RunAsync(3);
        var notStarted = await Assert.ThrowsAsync<HostActionException>(() => run.Target.PauseAsync("m1", run.Ct));
        Assert.Equal("Cannot pause etcd on m1: it is not started. Start it first.", notStarted.Message);
        await run.BootstrapAsync("m1", "m2", "m3");
        var running = await Assert.ThrowsAsync<HostActionException>(() => run.Target.ResumeAsync("m1", run.Ct));
        Assert.Equal("Cannot resume etcd on m1: it is running, not paused.", running.Message);

        await run.Target.PauseAsync("m1", run.Ct);
        Assert.Equal(ProcessState.Paused, run.Target.ProcessOf("m1"));
        var status = await run.Target.StatusAsync(run.Endpoint("m1"), TimeSpan.FromMilliseconds(300), run.Ct);
        Assert.Equal(RpcErrorCode.DeadlineExceeded, status.Error!.Code); // it listens but answers nothing
        await run.Target.ResumeAsync("m1", run.Ct);
        await run.WaitHealthyAsync("m1", "m2", "m3");
        Assert.Equal(["m1", "m1"], run.Recorder.Events.Where(e => e is ProcessPaused or ProcessResumed).Select(e => e is ProcessPaused p ? p.Host : ((ProcessResumed)e).Host));
    }

    [Fact]
    public virtual async Task Stopping_a_paused_member_should_thaw_and_stop_it()
    {
        await using var run = await RunAsync(3);
        await run.BootstrapAsync("m1", "m2", "m3");
        await run.Target.PauseAsync("m3", run.Ct);
        await run.Target.StopAsync("m3", run.Ct);
        Assert.Equal(ProcessState.Stopped, run.Target.ProcessOf("m3"));
        var observed = await run.UntilAsync(o => o["m3"].Process == ProcessState.Stopped, "m3 stopped");
        Assert.False(observed["m3"].Serving);
        var stopped = Assert.Single(run.Events<ProcessStopped>());
        Assert.Equal(("m3", false), (stopped.Host, stopped.Killed));
        Assert.Empty(run.Events<ProcessExited>());
    }

    [Fact]
    public virtual async Task Stop_and_kill_should_leave_a_host_without_etcd_as_it_is()
    {
        await using var run = await RunAsync(2);
        await run.Target.StopAsync("m1", run.Ct);
        await run.Target.KillAsync("m2", run.Ct);
        Assert.Empty(run.Recorder.Events);
        Assert.Equal(ProcessState.NotStarted, run.Target.ProcessOf("m1"));
    }

    [Fact]
    public virtual async Task A_running_members_data_dir_should_be_refused_to_every_host_action()
    {
        await using var run = await RunAsync(2);
        await run.BootstrapAsync("m1");
        var save = await run.Target.SnapshotSaveAsync(run.Endpoint("m1"), "m2", "/var/lib/snap.db", TargetRun.Rpc, run.Ct);
        Assert.True(save.IsOk, save.ToString());
        await run.Target.CopyFileAsync("m2", "/var/lib/snap.db", "m1", "/var/lib/snap.db", run.Ct);

        (string Verb, string Path, Func<Task> Action)[] refused =
        [
            ("remove", "/var/lib/etcd", () => run.Target.RemoveDirectoryAsync("m1", "/var/lib/etcd", run.Ct)),
            ("remove", "/var/lib/etcd", () => run.Target.RemoveDirectoryAsync("m1", "/var/lib/etcd/*", run.Ct)),
            ("remove", "/var/lib", () => run.Target.RemoveDirectoryAsync("m1", "/var/lib", run.Ct)),
            ("remove", "/var/lib/etcd/member", () => run.Target.RemoveDirectoryAsync("m1", "/var/lib/etcd/member", run.Ct)),
            ("copy", "/var/lib/etcd", () => run.Target.CopyDirectoryAsync("m1", "/var/lib/etcd", "/var/lib/etcd-backup", run.Ct)),
            ("overwrite", "/var/lib/etcd/member", () => run.Target.CopyDirectoryAsync("m1", "/var/lib/etcd-backup", "/var/lib/etcd/member", run.Ct)),
            ("overwrite", "/var/lib/etcd/snap.db", () => run.Target.CopyFileAsync("m2", "/var/lib/snap.db", "m1", "/var/lib/etcd/snap.db", run.Ct)),
            ("copy", "/var/lib/etcd/member/snap/db", () => run.Target.CopyFileAsync("m1", "/var/lib/etcd/member/snap/db", "m2", "/var/lib/db", run.Ct)),
            ("overwrite", "/var/lib/etcd/snap.db", async () => await run.Target.SnapshotSaveAsync(run.Endpoint("m1"), "m1", "/var/lib/etcd/snap.db", TargetRun.Rpc, run.Ct)),
        ];
        foreach (var (verb, path, action) in refused)
        {
            var e = await Assert.ThrowsAsync<HostActionException>(action);
            Assert.Equal($"Refusing to {verb} {path} on m1: etcd runs there with its data in /var/lib/etcd and would go on using it. Stop etcd on m1 first.", e.Message);
        }

        await run.Target.StopAsync("m1", run.Ct);
        await run.Target.CopyDirectoryAsync("m1", "/var/lib/etcd", "/var/lib/etcd-backup", run.Ct);
        await run.Target.RemoveDirectoryAsync("m1", "/var/lib/etcd", run.Ct);
        await run.Target.StartAsync("m1", run.Flags("m1", ["m1"]).With("data-dir", "/var/lib/etcd-backup"), run.Ct);
        await run.WaitHealthyAsync("m1"); // the copy holds the member: it restarts on it
    }

    [Fact]
    public virtual async Task Writers_should_be_refused_when_unknown_or_already_running()
    {
        await using var run = await RunAsync(3);
        await run.BootstrapAsync("m1", "m2", "m3");
        var spec = new WriterSpec("app", ["m1"], "/contract/", TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(2), 1000);
        var never = await Assert.ThrowsAsync<HostActionException>(() => run.Target.StopWriterAsync("app", run.Ct));
        Assert.Equal("No writer named app runs; running: none.", never.Message);
        await run.Target.StartWriterAsync(spec, run.Ct);
        var twice = await Assert.ThrowsAsync<HostActionException>(() => run.Target.StartWriterAsync(spec, run.Ct));
        Assert.Equal("Writer app already runs; stop it first or give the new one another name.", twice.Message);
        var other = await Assert.ThrowsAsync<HostActionException>(() => run.Target.StopWriterAsync("batch", run.Ct));
        Assert.Equal("No writer named batch runs; running: app.", other.Message);
        await run.Target.DelayAsync(TimeSpan.FromMilliseconds(300), run.Ct);
        await run.Target.StopWriterAsync("app", run.Ct);
        Assert.NotEmpty(run.Events<ClientWriteAcknowledged>());
        await run.Target.StartWriterAsync(spec with { KeyPrefix = "/again/" }, run.Ct); // a stopped name is free again
        await run.Target.StopWriterAsync("app", run.Ct);
    }

    [Fact]
    public virtual async Task Writer_should_fail_over_when_the_member_it_writes_through_dies()
    {
        await using var run = await RunAsync(3);
        await run.BootstrapAsync("m1", "m2", "m3");
        await run.Target.StartWriterAsync(new WriterSpec("app", ["m1", "m2"], "/contract/", TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(2), 1000), run.Ct);
        await run.Target.DelayAsync(TimeSpan.FromMilliseconds(300), run.Ct);
        await run.Target.KillAsync("m1", run.Ct);
        var killedAt = run.Events<ProcessStopped>().Single().Seq;
        await run.Target.DelayAsync(TimeSpan.FromSeconds(1.5), run.Ct);
        await run.Target.StopWriterAsync("app", run.Ct);

        Assert.Empty(run.Events<ClientWriteFailed>());
        Assert.Contains(run.Events<ClientWriteAcknowledged>(), a => a.Host == "m1" && a.Seq < killedAt);
        Assert.True(run.Events<ClientWriteAcknowledged>().Count(a => a.Host == "m2" && a.Seq > killedAt) >= 5, "m2 takes the writes after m1 dies");
    }

    [Fact]
    public virtual async Task Change_ip_should_refuse_another_hosts_address_and_one_outside_the_run()
    {
        await using var run = await RunAsync(2);
        await run.BootstrapAsync("m1", "m2");
        var taken = await Assert.ThrowsAsync<HostActionException>(() => run.Target.ChangeIpAsync("m2", run.Ip("m1"), null, run.Ct));
        Assert.Equal($"Cannot move m2 to {run.Ip("m1")}: m1 has that address.", taken.Message);
        var outside = await Assert.ThrowsAsync<HostActionException>(() => run.Target.ChangeIpAsync("m2", "127.250.1.1", null, run.Ct));
        Assert.StartsWith("Cannot move m2 to 127.250.1.1: this run's hosts live at", outside.Message);
        Assert.Equal(ProcessState.Running, run.Target.ProcessOf("m2")); // refused before anything was stopped
        Assert.Empty(run.Events<ProcessStopped>());
    }

    [Fact]
    public virtual async Task Change_ip_should_restart_a_running_member_on_its_new_address()
    {
        await using var run = await RunAsync(3);
        await run.BootstrapAsync("m1", "m2", "m3");
        var id = await run.MemberIdAsync("m3");
        var oldIp = run.Ip("m3");
        var newIp = run.Target.Addresses.Map("127.0.2.3");
        var updated = await run.Target.MemberUpdateAsync(run.Endpoint("m1"), id, [HostSpec.PeerUrl(newIp)], TargetRun.Rpc, run.Ct);
        Assert.True(updated.IsOk, updated.ToString());

        var cluster = Core.Running.EtcdDefaults.InitialCluster([("m1", run.Ip("m1")), ("m2", run.Ip("m2")), ("m3", newIp)]);
        var flags = Core.Running.EtcdDefaults.Member("m3", newIp, cluster, "new", TargetRun.Token);
        await run.Target.ChangeIpAsync("m3", newIp, flags, run.Ct);

        Assert.Equal(newIp, run.Ip("m3"));
        Assert.Equal(["ProcessStopped", "IpChanged", "ProcessStarted"],
            run.Recorder.Events.Where(e => e is ProcessStopped or IpChanged or ProcessStarted && e.Seq > run.Events<ProcessStarted>()[2].Seq).Select(e => e.GetType().Name));
        await run.WaitHealthyAsync("m1", "m2", "m3");
        var moved = await run.Target.StatusAsync(HostSpec.ClientUrl(newIp), TargetRun.Rpc, run.Ct);
        Assert.Equal(id, moved.Value!.Header.MemberId);
        var old = await run.Target.StatusAsync(HostSpec.ClientUrl(oldIp), TargetRun.Rpc, run.Ct);
        Assert.True(old.Error!.IsConnectionRefused);
    }

    [Fact]
    public virtual async Task A_member_that_cannot_start_should_exit_with_etcds_own_error()
    {
        await using var run = await RunAsync(2);
        await run.BootstrapAsync("m1");
        // m2 is not named in its own --initial-cluster.
        await run.Target.StartAsync("m2", run.Flags("m2", ["m1"], "existing"), run.Ct);
        var observed = await run.UntilAsync(o => o["m2"].Process == ProcessState.Exited, "m2 exits");

        var exited = Assert.Single(run.Events<ProcessExited>());
        Assert.Equal("m2", exited.Host);
        Assert.Contains("couldn't find local name \"m2\" in the initial cluster configuration", exited.Error);
        Assert.Equal(exited.Error, observed["m2"].ExitError);
        Assert.Equal(ProcessState.Exited, run.Target.ProcessOf("m2"));
        Assert.True(exited.Seq > run.Events<ProcessStarted>().Last().Seq);
        await run.Target.StartAsync("m2", run.Flags("m2", ["m2"]), run.Ct); // an exited host may be started again
        await run.WaitHealthyAsync("m2");
    }

    [Fact]
    public virtual async Task Listening_on_an_address_every_host_shares_should_be_refused()
    {
        await using var run = await RunAsync(1);
        foreach (var url in new[] { "http://localhost:2379", "http://127.0.0.1:2379", "http://0.0.0.0:2379" })
        {
            var refused = await Assert.ThrowsAsync<HostActionException>(() =>
                run.Target.StartAsync("m1", run.Flags("m1", ["m1"]).With("listen-client-urls", url), run.Ct));
            Assert.StartsWith($"--listen-client-urls={url} on m1 listens on ", refused.Message);
        }
        Assert.Empty(run.Recorder.Events);
        Assert.Equal(ProcessState.NotStarted, run.Target.ProcessOf("m1"));
    }

    [Fact]
    public virtual async Task Client_calls_should_be_refused_at_once_where_nothing_listens()
    {
        await using var run = await RunAsync(3);
        await run.BootstrapAsync("m1", "m2", "m3");
        await run.Target.StopAsync("m3", run.Ct);
        foreach (var endpoint in new[] { run.Endpoint("m3"), HostSpec.ClientUrl(run.Target.Addresses.Map("127.0.9.9")) })
        {
            var before = run.Target.Now;
            var status = await run.Target.StatusAsync(endpoint, TimeSpan.FromSeconds(2), run.Ct);
            Assert.True(status.Error!.IsConnectionRefused, $"{endpoint}: {status}");
            Assert.True(run.Target.Now - before < TimeSpan.FromSeconds(1), $"{endpoint} took {run.Target.Now - before}");
        }
        var health = await run.Target.CheckHealthAsync([run.Endpoint("m1"), run.Endpoint("m3")], TimeSpan.FromSeconds(1), run.Ct);
        Assert.Equal([true, false], health.Select(h => h.Healthy));
    }

    [Fact]
    public virtual async Task Degrading_links_should_refuse_a_negative_delay_or_a_loss_outside_0_to_1_and_restore_should_leave_healthy_links_alone()
    {
        await using var run = await RunAsync(2);
        foreach (var (latency, loss) in new[] { (-1.0, 0.0), (10.0, -0.1), (10.0, 1.5) })
        {
            var refused = await Assert.ThrowsAsync<HostActionException>(() => run.Target.DegradeLinksAsync("m1", TimeSpan.FromMilliseconds(latency), loss, run.Ct));
            Assert.StartsWith("Cannot degrade m1's links by ", refused.Message);
            Assert.EndsWith("the delay must not be negative and the loss must lie between 0% and 100%.", refused.Message);
        }
        await run.Target.RestoreLinksAsync("m2", run.Ct);
        Assert.Empty(run.Recorder.Events);
    }

    [Fact]
    public virtual async Task Delayed_links_should_slow_a_followers_peer_traffic_but_not_its_clients_until_restored()
    {
        await using var run = await RunAsync(3);
        await run.BootstrapAsync("m1", "m2", "m3");
        var (leader, follower) = await LeaderAndFollowerAsync(run);
        // Well below the delay at which elections start to churn with a 100 ms election timeout (about
        // 100 ms one way); a rare election on a loaded machine is retried, it does not shorten a read.
        var latency = TimeSpan.FromMilliseconds(50);
        await AssertOkAsync(run, () => run.Target.PutAsync(run.Endpoint(leader), "k", "before", TargetRun.Rpc, run.Ct));

        await run.Target.DegradeLinksAsync(follower, latency, 0, run.Ct);

        // A linearizable read on the follower asks the leader for its commit index: there and back over slow links.
        var took = await AssertOkAsync(run, () => run.Target.RangeAsync(run.Endpoint(follower), "k", null, serializable: false, TargetRun.Rpc, run.Ct));
        Assert.True(took >= 2 * latency, $"a linearizable read through {follower} took {took.TotalMilliseconds:0} ms");
        // The cluster still writes, and clients reach the follower as fast as before.
        await AssertOkAsync(run, async () => await run.Target.PutAsync(run.Endpoint((await LeaderAndFollowerAsync(run)).Leader), "k", "during", TargetRun.Rpc, run.Ct));
        took = await AssertOkAsync(run, () => run.Target.StatusAsync(run.Endpoint(follower), TargetRun.Rpc, run.Ct));
        Assert.True(took < latency, $"status of {follower} took {took.TotalMilliseconds:0} ms");

        await run.Target.RestoreLinksAsync(follower, run.Ct);
        took = await AssertOkAsync(run, () => run.Target.RangeAsync(run.Endpoint(follower), "k", null, serializable: false, TargetRun.Rpc, run.Ct));
        Assert.True(took < 2 * latency, $"after the restore a linearizable read through {follower} still took {took.TotalMilliseconds:0} ms");
        var read = await run.Target.RangeAsync(run.Endpoint(follower), "k", null, serializable: false, TargetRun.Rpc, run.Ct);
        Assert.Equal("during", Assert.Single(read.Value!.Kvs).Value);
    }

    /// <summary>Calls until the call succeeds (at most five times) and returns how long the successful call took.</summary>
    private static async Task<TimeSpan> AssertOkAsync<T>(TargetRun run, Func<Task<RpcResult<T>>> call) where T : class
    {
        RpcResult<T>? result = null;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var before = run.Target.Now;
            result = await call();
            if (result.IsOk) return run.Target.Now - before;
            await run.Target.DelayAsync(TimeSpan.FromMilliseconds(200), run.Ct);
        }
        throw new Xunit.Sdk.XunitException($"five attempts failed, the last with {result}");
    }

    [Fact]
    public virtual async Task Losing_every_peer_packet_should_cut_a_member_off_like_a_partition_until_restored()
    {
        await using var run = await RunAsync(3);
        await run.BootstrapAsync("m1", "m2", "m3");
        await run.Target.DelayAsync(TimeSpan.FromSeconds(5.5), run.Ct); // every peer connected for the strict check's 5 s
        var (leader, follower) = await LeaderAndFollowerAsync(run);
        string[] spare = [HostSpec.PeerUrl(run.Target.Addresses.Map("127.0.1.9"))];

        await run.Target.DegradeLinksAsync(follower, TimeSpan.Zero, 1, run.Ct);

        await run.UntilAsync(o => o[follower].Status is { Leader: 0 }, $"{follower} loses its leader");
        var put = await run.Target.PutAsync(run.Endpoint(leader), "cut", "1", TargetRun.Rpc, run.Ct);
        Assert.True(put.IsOk, put.ToString());
        // Clients still reach the cut-off member, which answers from its own view.
        Assert.True((await run.Target.MemberListAsync(run.Endpoint(follower), TargetRun.Rpc, run.Ct)).IsOk);
        // As under an iptables DROP partition, the leader counts the member connected until its streams'
        // reads time out (5 s); from then on the strict reconfiguration check refuses a member add.
        await run.Target.DelayAsync(TimeSpan.FromSeconds(6), run.Ct);
        var add = await run.Target.MemberAddAsync(run.Endpoint(leader), spare, false, TargetRun.Rpc, run.Ct);
        Assert.Equal("etcdserver: unhealthy cluster", add.Error?.Message);

        await run.Target.RestoreLinksAsync(follower, run.Ct);
        await run.WaitHealthyAsync("m1", "m2", "m3");
        var read = await run.Target.RangeAsync(run.Endpoint(follower), "cut", null, serializable: false, TargetRun.Rpc, run.Ct);
        Assert.Equal("1", Assert.Single(read.Value!.Kvs).Value);
        // Connected again, the member counts for the strict check once its 5 s have passed.
        var deadline = run.Target.Now + TimeSpan.FromSeconds(15);
        do
        {
            await run.Target.DelayAsync(TimeSpan.FromMilliseconds(500), run.Ct);
            add = await run.Target.MemberAddAsync(run.Endpoint(leader), spare, false, TargetRun.Rpc, run.Ct);
        }
        while (!add.IsOk && run.Target.Now < deadline);
        Assert.True(add.IsOk, $"member add after the restore: {add.Error}");
    }

    /// <summary>The host that leads and one that follows it, once every member agrees on the leader.</summary>
    private static async Task<(string Leader, string Follower)> LeaderAndFollowerAsync(TargetRun run)
    {
        var o = await run.UntilAsync(
            o => o.Hosts.Count(h => h.Status is { } s && s.Leader == s.Header.MemberId) == 1
                 && o.Hosts.Where(h => h.Serving).Select(h => h.Status!.Leader).Distinct().Count() == 1,
            "one leader every member follows");
        var leader = o.Hosts.Single(h => h.Status is { } s && s.Leader == s.Header.MemberId).Host;
        return (leader, o.Hosts.First(h => h.Serving && h.Host != leader).Host);
    }
}
