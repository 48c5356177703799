using System.Diagnostics;
using EtcdLab.Core.Events;
using EtcdLab.Core.Targets;
using EtcdLab.Driver.WaitStrategies;
using Xunit.Abstractions;

namespace EtcdLab.Driver.Tests;

[Trait("Category", "Docker")]
public sealed class MembershipSpec(ITestOutputHelper output)
{
    [Fact]
    public async Task Member_add_should_be_refused_as_unhealthy_within_five_seconds_of_start_then_accepted()
    {
        await using var run = await DockerRun.CreateAsync(hosts: 4);
        var started = Stopwatch.StartNew();
        await run.BootstrapAsync("m1", "m2", "m3");

        var early = await run.Target.MemberAddAsync(run.Endpoint("m1"), [run.PeerUrl("m4")], false, DockerRun.Rpc, run.Ct);
        Assert.False(early.IsOk);
        Assert.Equal(new RpcError(RpcErrorCode.Unavailable, "etcdserver: unhealthy cluster"), early.Error);

        RpcResult<MemberAddReply> added = early;
        await run.EventuallyAsync(async () =>
        {
            added = await run.Target.MemberAddAsync(run.Endpoint("m1"), [run.PeerUrl("m4")], false, DockerRun.Rpc, run.Ct);
            Assert.True(added.IsOk || added.Error!.Message == "etcdserver: unhealthy cluster", added.ToString());
            return added.IsOk;
        }, "member add accepted", TimeSpan.FromSeconds(15));
        output.WriteLine($"member add accepted {started.Elapsed.TotalSeconds:0.0} s after the first start");
        Assert.True(started.Elapsed >= TimeSpan.FromSeconds(5), "strict reconfiguration allows adds only after 5 s of full connectivity");

        var reply = added.Value!;
        Assert.False(reply.Member.IsStarted);
        Assert.Equal([run.PeerUrl("m4")], reply.Member.PeerUrls);
        Assert.Equal(4, reply.Members.Count);
        Assert.Equal(reply.Members.Select(m => m.Id).Order(), reply.Members.Select(m => m.Id));

        var duplicate = await run.Target.MemberAddAsync(run.Endpoint("m1"), [run.PeerUrl("m4")], false, DockerRun.Rpc, run.Ct);
        output.WriteLine($"second add of the same peer URL: {duplicate.Error?.Code} {duplicate.Error}");
        Assert.False(duplicate.IsOk);

        await run.Target.StartAsync("m4", run.Flags("m4", ["m1", "m2", "m3", "m4"], "existing"), run.Ct);
        await run.WaitHealthyAsync("m1", "m2", "m3", "m4");
        var list = await run.Target.MemberListAsync(run.Endpoint("m4"), DockerRun.Rpc, run.Ct);
        Assert.Contains(list.Value!.Members, m => m.Id == reply.Member.Id && m.Name == "m4");
    }

    [Fact]
    public async Task Member_add_should_be_refused_when_started_members_would_lose_quorum()
    {
        await using var run = await DockerRun.CreateAsync(hosts: 3);
        await run.BootstrapAsync("m1");

        var second = await run.Target.MemberAddAsync(run.Endpoint("m1"), [run.PeerUrl("m2")], false, DockerRun.Rpc, run.Ct);
        Assert.True(second.IsOk, second.ToString());
        var third = await run.Target.MemberAddAsync(run.Endpoint("m1"), [run.PeerUrl("m3")], false, DockerRun.Rpc, run.Ct);

        Assert.Equal(new RpcError(RpcErrorCode.Unknown, "etcdserver: re-configuration failed due to not enough started members"), third.Error);

        // The started-members check runs before the ID is looked up: with m2 added but never
        // started, even removing an unknown ID is refused this way.
        var unknown = await run.Target.MemberRemoveAsync(run.Endpoint("m1"), 0x1234, DockerRun.Rpc, run.Ct);
        Assert.Equal(new RpcError(RpcErrorCode.Unknown, "etcdserver: re-configuration failed due to not enough started members"), unknown.Error);
    }

    [Fact]
    public async Task Removed_member_should_exit_and_exit_again_when_restarted_on_its_old_data_dir()
    {
        await using var run = await DockerRun.CreateAsync(hosts: 3);
        await run.BootstrapAsync("m1", "m2", "m3");
        var m3 = (await run.StatusAsync("m3")).Header.MemberId;
        await run.Target.StopAsync("m3", run.Ct);

        // A member that is down may be removed at once (strict reconfiguration: "downed member is safe to remove").
        var removed = await run.Target.MemberRemoveAsync(run.Endpoint("m1"), m3, DockerRun.Rpc, run.Ct);
        Assert.True(removed.IsOk, removed.ToString());
        Assert.DoesNotContain(removed.Value!.Members, m => m.Id == m3);

        var unknown = await run.Target.MemberRemoveAsync(run.Endpoint("m1"), 0x1234, DockerRun.Rpc, run.Ct);
        Assert.Equal(new RpcError(RpcErrorCode.NotFound, "etcdserver: member not found"), unknown.Error);

        await run.Target.StartAsync("m3", run.Cluster["m3"].Flags!, run.Ct);
        var exited = await run.WaitForEventAsync<ProcessExited>(e => e.Host == "m3");
        output.WriteLine($"exit code {exited.ExitCode}, error: {exited.Error}");
        foreach (var line in run.Cluster["m3"].RecentLog.SkipWhile(l => !l.Contains("etcdlab: start 2")).Where(l => !l.Contains(" I | rafthttp: st"))) output.WriteLine("m3| " + line);
        output.WriteLine("m3 last line| " + run.Cluster["m3"].RecentLog[^1]);
        foreach (var e in run.Events<MemberLogged>()) output.WriteLine($"{e.Host} {e.Kind}: {e.Text}");

        Assert.Contains("the member has been permanently removed from the cluster", exited.Error);
        Assert.Contains(run.Events<MemberLogged>(), e => e.Host == "m3" && e.Kind == MemberLogKind.MemberRemoved);
        Assert.Contains(run.Events<MemberLogged>(), e => e.Host != "m3" && e.Kind == MemberLogKind.RemovedPeerRejected);
        var observed = (await run.Target.ObserveAsync(run.Ct))["m3"];
        Assert.Equal(ProcessState.Exited, observed.Process);
        Assert.Equal(exited.Error, observed.ExitError);
        await run.Cluster.WaitUntilAsync(new UntilProcessState("m3", ProcessState.Exited), TimeSpan.FromSeconds(1), run.Ct);
    }
}
