using EtcdLab.Core.Events;
using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Targets;
using Xunit.Abstractions;

namespace EtcdLab.Driver.Tests;

[Trait("Category", "Docker")]
public sealed class IpChangeSpec(ITestOutputHelper output)
{
    [Fact]
    public async Task Moving_a_member_after_member_update_should_keep_it_in_the_cluster()
    {
        await using var run = await DockerRun.CreateAsync(hosts: 3);
        await run.BootstrapAsync("m1", "m2", "m3");
        var m3 = (await run.StatusAsync("m3")).Header.MemberId;
        var oldIp = run.Cluster["m3"].Ip;
        var newIp = run.Target.Addresses.Map("127.0.2.3");

        var updated = await run.Target.MemberUpdateAsync(run.Endpoint("m1"), m3, [HostSpec.PeerUrl(newIp)], DockerRun.Rpc, run.Ct);
        Assert.True(updated.IsOk, updated.ToString());
        var flags = run.Cluster["m3"].Flags!
            .With("listen-client-urls", HostSpec.ClientUrl(newIp)).With("advertise-client-urls", HostSpec.ClientUrl(newIp))
            .With("listen-peer-urls", HostSpec.PeerUrl(newIp)).With("initial-advertise-peer-urls", HostSpec.PeerUrl(newIp));
        await run.Target.ChangeIpAsync("m3", newIp, flags, run.Ct);

        Assert.Equal(newIp, run.Cluster["m3"].Ip);
        await run.WaitHealthyAsync("m1", "m2", "m3");
        var observation = await run.Target.ObserveAsync(run.Ct);
        Assert.Equal(newIp, observation["m3"].Ip);
        var member = observation["m1"].Members!.Single(m => m.Id == m3);
        Assert.Equal([HostSpec.PeerUrl(newIp)], member.PeerUrls);
        await run.EventuallyAsync(async () =>
            (await run.Target.MemberListAsync(run.Endpoint("m1"), DockerRun.Rpc, run.Ct)).Value!.Members.Single(m => m.Id == m3).ClientUrls.SequenceEqual([HostSpec.ClientUrl(newIp)]),
            "m3 publishes its new client URL");
        var old = await run.Target.StatusAsync(HostSpec.ClientUrl(oldIp), DockerRun.Rpc, run.Ct);
        Assert.True(old.Error!.IsConnectionRefused);

        await Assert.ThrowsAsync<HostActionException>(() => run.Target.ChangeIpAsync("m2", run.Cluster["m1"].Ip, null, run.Ct));
        await Assert.ThrowsAsync<HostActionException>(() => run.Target.ChangeIpAsync("m2", "127.250.1.1", null, run.Ct));
    }

    [Fact]
    public async Task Moving_a_member_without_new_flags_should_fail_to_bind_like_a_real_host()
    {
        await using var run = await DockerRun.CreateAsync(hosts: 3);
        await run.BootstrapAsync("m1", "m2", "m3");
        var oldIp = run.Cluster["m2"].Ip;

        await run.Target.ChangeIpAsync("m2", run.Target.Addresses.Map("127.0.2.2"), null, run.Ct);

        var exited = await run.WaitForEventAsync<ProcessExited>(e => e.Host == "m2");
        output.WriteLine($"{exited.ExitCode}: {exited.Error}");
        Assert.Equal(1, exited.ExitCode);
        Assert.Equal($"etcdmain: listen tcp {oldIp}:2380: bind: cannot assign requested address", exited.Error);
        var observed = (await run.Target.ObserveAsync(run.Ct))["m2"];
        Assert.Equal(ProcessState.Exited, observed.Process);
        Assert.Equal(exited.Error, observed.ExitError);

        // A stopped host only changes address.
        await run.Target.StopAsync("m1", run.Ct);
        await run.Target.ChangeIpAsync("m1", run.Target.Addresses.Map("127.0.2.1"), null, run.Ct);
        Assert.Equal(ProcessState.Stopped, (await run.Target.ObserveAsync(run.Ct))["m1"].Process);
    }
}
