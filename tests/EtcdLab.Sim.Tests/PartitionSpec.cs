using EtcdLab.Core.Events;
using EtcdLab.Core.Targets;

namespace EtcdLab.Sim.Tests;

public sealed class PartitionSpec
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Minority_should_not_commit_and_majority_should_elect_and_serve()
    {
        await using var c = await SimCluster.CreateAsync(5);
        await c.BootstrapAsync(5);
        var oldLeader = (await c.LeaderHostAsync())!;
        var minority = new[] { oldLeader, c.HostNames.First(h => h != oldLeader) };
        var majority = c.HostNames.Except(minority).ToArray();
        await c.Target.PartitionAsync([minority, majority], Ct);

        var lost = await c.Target.PutAsync(SimCluster.ClientUrl(SimCluster.Index(oldLeader)), "lost", "x", Timeout, Ct);
        Assert.Equal(RpcError.DeadlineExceeded, lost.Error);
        Assert.True(await c.WaitUntilAsync(o => majority.Any(h => o[h].Status!.Leader == o[h].Status!.Header.MemberId), TimeSpan.FromSeconds(2)));
        var kept = await c.Target.PutAsync(SimCluster.ClientUrl(SimCluster.Index(majority[0])), "kept", "y", Timeout, Ct);
        Assert.True(kept.IsOk, kept.Error?.Message);
        var status = await c.Target.StatusAsync(SimCluster.ClientUrl(SimCluster.Index(oldLeader)), Timeout, Ct);
        Assert.Contains("etcdserver: no leader", status.Value!.Errors); // stepped down: CheckQuorum

        await c.Target.HealAsync(Ct);
        await c.DelayAsync(2);
        foreach (var h in c.HostNames)
        {
            var read = await c.Target.RangeAsync(SimCluster.ClientUrl(SimCluster.Index(h)), "kept", null, false, Timeout, Ct);
            Assert.True(read.IsOk, $"{h}: {read.Error}");
            Assert.Equal("y", Assert.Single(read.Value.Kvs).Value);
            var gone = await c.Target.RangeAsync(SimCluster.ClientUrl(SimCluster.Index(h)), "lost", null, false, Timeout, Ct);
            Assert.Empty(gone.Value!.Kvs);
        }
    }

    [Fact]
    public async Task Writer_should_see_no_failure_while_a_follower_is_down_and_lose_nothing()
    {
        await using var c = await SimCluster.CreateAsync(3);
        await c.BootstrapAsync(3);
        var writer = new WriterSpec("w", ["m1", "m2", "m3"], "/w/", TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(2), 100);
        await c.Target.StartWriterAsync(writer, Ct);
        await c.DelayAsync(1);
        var follower = c.HostNames.First(h => h != c.LeaderHostAsync().Result);
        await c.Target.KillAsync(follower, Ct);
        await c.DelayAsync(1);
        await c.Target.StartAsync(follower, SimCluster.Flags(SimCluster.Index(follower), SimCluster.InitialCluster([1, 2, 3])), Ct);
        await c.DelayAsync(4);
        await c.Target.StopWriterAsync("w", Ct);

        var acks = c.Events<ClientWriteAcknowledged>();
        Assert.Equal(100, acks.Count);
        Assert.Empty(c.Events<ClientWriteFailed>());
        var all = await c.Target.RangeAsync(SimCluster.ClientUrl(SimCluster.Index(follower)), "/w/", "/w0", false, Timeout, Ct);
        Assert.Equal(acks.Select(a => a.Key).Order(), all.Value!.Kvs.Select(k => k.Key));
        Assert.True(acks.Zip(acks.Skip(1)).All(p => p.Second.Revision > p.First.Revision));
    }

    [Fact]
    public async Task Graceful_stop_of_the_leader_should_hand_over_leadership_without_a_failed_write()
    {
        await using var c = await SimCluster.CreateAsync(3);
        await c.BootstrapAsync(3);
        var leader = (await c.LeaderHostAsync())!;
        var writer = new WriterSpec("w", c.HostNames.Where(h => h != leader).ToArray(), "/w/", TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(300), 50);
        await c.Target.StartWriterAsync(writer, Ct);
        await c.DelayAsync(0.3);
        await c.Target.StopAsync(leader, Ct);
        var o = await c.ObserveAsync();
        Assert.Equal(ProcessState.Stopped, o[leader].Process);
        Assert.Contains(c.HostNames.Where(h => h != leader), h => o[h].Status!.Leader == o[h].Status!.Header.MemberId);
        await c.DelayAsync(1.5);
        Assert.Empty(c.Events<ClientWriteFailed>());
        Assert.Equal(50, c.Events<ClientWriteAcknowledged>().Count);
    }
}
