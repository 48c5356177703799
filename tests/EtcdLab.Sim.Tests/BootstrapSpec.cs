using EtcdLab.Core.Events;
using EtcdLab.Core.Targets;

namespace EtcdLab.Sim.Tests;

public sealed class BootstrapSpec
{
    [Fact]
    public async Task Bootstrap_should_derive_real_etcd_ids_for_three_members()
    {
        await using var c = await SimCluster.CreateAsync(3);
        await c.BootstrapAsync(3);
        var o = await c.ObserveAsync();
        Assert.Equal(0xf53dc916625223aaUL, o["m1"].Status!.Header.MemberId);
        Assert.Equal(0x36d0c7f3acdc6f84UL, o["m2"].Status!.Header.MemberId);
        Assert.Equal(0x9344029ffa2da6acUL, o["m3"].Status!.Header.MemberId);
        Assert.All(o.Hosts, h => Assert.Equal(0x1bfce294034d8791UL, h.Status!.Header.ClusterId));
        var members = o["m1"].Members!;
        Assert.Equal(3, members.Count);
        Assert.All(members, m => Assert.True(m.IsStarted));
        Assert.Equal(["http://127.0.1.1:2379"], members.Single(m => m.Name == "m1").ClientUrls);
    }
}

public sealed class BootstrapErrorSpec
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static async Task<ProcessExited> StartExpectingExitAsync(SimCluster c, string host, EtcdFlags flags)
    {
        await c.Target.StartAsync(host, flags, Ct);
        Assert.Equal(ProcessState.Running, (await c.ObserveAsync())[host].Process); // still booting
        await c.Target.DelayAsync(TimeSpan.FromMilliseconds(100), Ct);
        var o = await c.ObserveAsync();
        Assert.Equal(ProcessState.Exited, o[host].Process);
        var exited = c.Events<Core.Events.ProcessExited>().Last(e => e.Host == host);
        Assert.Equal(1, exited.ExitCode);
        Assert.Equal(exited.Error, o[host].ExitError);
        return exited;
    }

    [Fact]
    public async Task Start_should_exit_when_the_name_is_not_in_the_initial_cluster()
    {
        await using var c = await SimCluster.CreateAsync(3);
        var e = await StartExpectingExitAsync(c, "m1", SimCluster.Flags(1, SimCluster.InitialCluster([2, 3])));
        Assert.Equal("etcdmain: couldn't find local name \"m1\" in the initial cluster configuration", e.Error);
    }

    [Fact]
    public async Task Start_should_exit_when_joining_and_no_peer_answers()
    {
        await using var c = await SimCluster.CreateAsync(3);
        var e = await StartExpectingExitAsync(c, "m3", SimCluster.Flags(3, SimCluster.InitialCluster([1, 2, 3]), "existing"));
        Assert.Equal("etcdmain: cannot fetch cluster info from peer urls: could not retrieve cluster information from the given URLs", e.Error);
    }

    [Fact]
    public async Task Start_should_exit_when_joining_with_a_member_count_the_cluster_does_not_have()
    {
        await using var c = await SimCluster.CreateAsync(4);
        await c.BootstrapAsync(3);
        var e = await StartExpectingExitAsync(c, "m4", SimCluster.Flags(4, SimCluster.InitialCluster([1, 2, 3, 4]), "existing"));
        Assert.StartsWith("etcdmain: error validating peerURLs {ClusterID:1bfce294034d8791 Members:[&{ID:", e.Error);
        Assert.EndsWith("RemovedMemberIDs:[]}: member count is unequal", e.Error);
    }

    [Fact]
    public async Task Start_should_exit_when_a_wiped_member_bootstraps_again_as_new()
    {
        await using var c = await SimCluster.CreateAsync(3);
        await c.BootstrapAsync(3);
        await c.Target.KillAsync("m3", Ct);
        await c.Target.RemoveDirectoryAsync("m3", "/var/lib/etcd", Ct);
        var e = await StartExpectingExitAsync(c, "m3", SimCluster.Flags(3, SimCluster.InitialCluster([1, 2, 3])));
        Assert.Equal("etcdmain: member 9344029ffa2da6ac has already been bootstrapped", e.Error);
    }

    [Fact]
    public async Task Start_should_exit_when_the_listen_address_left_the_host()
    {
        await using var c = await SimCluster.CreateAsync(1);
        await c.BootstrapAsync(1);
        await c.Target.ChangeIpAsync("m1", "127.0.2.1", null, Ct);
        await c.Target.DelayAsync(TimeSpan.FromMilliseconds(100), Ct); // the process boots, then fails to bind
        var o = await c.ObserveAsync();
        Assert.Equal(ProcessState.Exited, o["m1"].Process);
        Assert.Equal("etcdmain: listen tcp 127.0.1.1:2380: bind: cannot assign requested address", o["m1"].ExitError);
    }

    [Fact]
    public async Task Start_should_exit_when_joining_with_a_peer_url_the_cluster_does_not_know()
    {
        await using var c = await SimCluster.CreateAsync(4);
        await c.BootstrapAsync(3);
        await c.DelayAsync(6);
        Assert.True((await c.Target.MemberAddAsync(SimCluster.ClientUrl(1), ["http://127.0.1.9:2380"], false, TimeSpan.FromSeconds(5), Ct)).IsOk);
        var e = await StartExpectingExitAsync(c, "m4", SimCluster.Flags(4, SimCluster.InitialCluster([1, 2, 3, 4]), "existing"));
        Assert.EndsWith(
            "PeerURLs: no match found for existing member ([http://127.0.1.9:2380], [http://127.0.1.4:2380]), last resolver error " +
            "(\"http://127.0.1.9:2380\"(resolved from \"http://127.0.1.9:2380\") != \"http://127.0.1.4:2380\"(resolved from \"http://127.0.1.4:2380\"))",
            e.Error);
    }

    [Fact]
    public async Task Start_should_exit_when_the_initial_cluster_lists_a_url_twice()
    {
        await using var c = await SimCluster.CreateAsync(2);
        var e = await StartExpectingExitAsync(c, "m1", SimCluster.Flags(1, $"m1={SimCluster.PeerUrl(1)},m2={SimCluster.PeerUrl(1)}"));
        Assert.Equal("etcdmain: initial cluster m1=http://127.0.1.1:2380,m2=http://127.0.1.1:2380 has duplicate url", e.Error);
    }
}
