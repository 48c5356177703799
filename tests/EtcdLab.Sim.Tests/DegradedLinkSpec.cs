using EtcdLab.Core.Events;
using EtcdLab.Core.Targets;

namespace EtcdLab.Sim.Tests;

/// <summary>
/// Degraded peer links on the simulator, against what real etcd 3.4.23 did in the Docker lab with the
/// same timing (10 ms heartbeat, 100 ms election timeout, a writer every 50 ms): a delay of up to about
/// 100 ms one way on one member's links changed no leadership, 150 ms and more made elections churn
/// for as long as it lasted; 30% packet loss changed nothing (TCP recovers a lost segment within a
/// heartbeat or two), while losing every packet cut the member off like a partition.
/// </summary>
public sealed class DegradedLinkSpec
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>Three members and a writer through all of them, past the bootstrap's adjustments.</summary>
    private static async Task<SimCluster> ClusterAsync(ulong seed)
    {
        var c = await SimCluster.CreateAsync(3, seed);
        await c.BootstrapAsync(3);
        await c.Target.StartWriterAsync(new WriterSpec("w", ["m1", "m2", "m3"], "/w/", TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(2), 100_000), Ct);
        await c.DelayAsync(6);
        return c;
    }

    private static async Task<(string Leader, string Follower)> LeaderAndFollowerAsync(SimCluster c)
    {
        var leader = await c.LeaderHostAsync() ?? throw new Xunit.Sdk.XunitException("no leader");
        return (leader, c.HostNames.First(h => h != leader));
    }

    /// <summary>Every (term, member) that a member reports leading at.</summary>
    private static async Task<IReadOnlySet<(ulong Term, ulong Leader)>> LeadershipsAsync(SimCluster c) =>
        (await c.ObserveAsync()).Hosts.Where(h => h.Status is { } s && s.Leader == s.Header.MemberId)
            .Select(h => (h.Status!.RaftTerm, h.Status.Leader)).ToHashSet();

    /// <summary>Degrades <paramref name="host"/> for <paramref name="seconds"/>, looking every 100 ms, and
    /// returns how many leaderships began meanwhile.</summary>
    private static async Task<int> ElectionsDuringAsync(SimCluster c, string host, TimeSpan latency, double loss, double seconds)
    {
        var before = await LeadershipsAsync(c);
        var seen = new HashSet<(ulong, ulong)>(before);
        await c.Target.DegradeLinksAsync(host, latency, loss, Ct);
        for (var t = 0.0; t < seconds; t += 0.1)
        {
            await c.DelayAsync(0.1);
            seen.UnionWith(await LeadershipsAsync(c));
        }
        return seen.Count - before.Count;
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public async Task Delay_well_below_the_election_timeout_should_change_no_leadership(ulong seed)
    {
        await using var c = await ClusterAsync(seed);
        var (leader, follower) = await LeaderAndFollowerAsync(c);

        Assert.Equal(0, await ElectionsDuringAsync(c, follower, TimeSpan.FromMilliseconds(50), 0, 10));
        Assert.Equal(0, await ElectionsDuringAsync(c, leader, TimeSpan.FromMilliseconds(50), 0, 10));
        Assert.Empty(c.Events<ClientWriteFailed>());
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public async Task Delay_past_the_election_timeout_should_make_elections_churn_until_restored(ulong seed)
    {
        await using var c = await ClusterAsync(seed);
        var (_, follower) = await LeaderAndFollowerAsync(c);

        // The Docker lab saw 21 to 26 leaders come and go in 10 s at 200 ms on a follower or on the leader.
        var elections = await ElectionsDuringAsync(c, follower, TimeSpan.FromMilliseconds(200), 0, 10);
        Assert.True(elections >= 10, $"{elections} elections in 10 s");
        await c.Target.RestoreLinksAsync(follower, Ct);
        await c.DelayAsync(2);
        var settled = await LeadershipsAsync(c);
        await c.DelayAsync(5);
        Assert.Equal(settled, await LeadershipsAsync(c));
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    public async Task Loss_of_30_percent_should_delay_peer_messages_without_losing_any(ulong seed)
    {
        await using var c = await ClusterAsync(seed);
        var (leader, follower) = await LeaderAndFollowerAsync(c);
        var dropped = c.Target.Stats.PeerMessagesDropped;

        Assert.Equal(0, await ElectionsDuringAsync(c, follower, TimeSpan.Zero, 0.3, 10));
        await c.Target.RestoreLinksAsync(follower, Ct);
        Assert.Equal(0, await ElectionsDuringAsync(c, leader, TimeSpan.Zero, 0.3, 10));

        Assert.Equal(dropped, c.Target.Stats.PeerMessagesDropped);
        var o = await c.ObserveAsync();
        var applied = o.Hosts.Select(h => (long)h.Status!.RaftAppliedIndex).ToArray();
        Assert.True(applied.Max() - applied.Min() <= 5, $"applied indexes {string.Join(", ", applied)}");
    }

    [Fact]
    public async Task Loss_should_hold_back_later_messages_behind_a_lost_one()
    {
        // At 50% loss a follower's heartbeats and appends come in bursts after retransmissions: it falls
        // behind the leader for a while, though every message arrives in the end.
        await using var c = await ClusterAsync(seed: 1);
        var (leader, follower) = await LeaderAndFollowerAsync(c);
        await c.Target.DegradeLinksAsync(follower, TimeSpan.Zero, 0.5, Ct);
        long worst = 0;
        for (var i = 0; i < 50; i++)
        {
            await c.DelayAsync(0.1);
            var o = await c.ObserveAsync();
            if (o[leader].Status is { } l && o[follower].Status is { } f) worst = Math.Max(worst, (long)l.RaftAppliedIndex - (long)f.RaftAppliedIndex);
        }
        await c.Target.RestoreLinksAsync(follower, Ct);
        Assert.True(worst >= 3, $"the follower was never more than {worst} entries behind");
        Assert.True(await c.WaitUntilAsync(o => o.Hosts.Select(h => h.Status?.RaftAppliedIndex).Distinct().Count() == 1, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Restore_should_bring_a_member_that_lost_every_packet_back()
    {
        await using var c = await ClusterAsync(seed: 1);
        var (_, follower) = await LeaderAndFollowerAsync(c);
        await c.Target.DegradeLinksAsync(follower, TimeSpan.Zero, 1, Ct);
        Assert.True(await c.WaitUntilAsync(o => o[follower].Status is { Leader: 0 }, TimeSpan.FromSeconds(2)));
        await c.DelayAsync(6);

        await c.Target.RestoreLinksAsync(follower, Ct);

        Assert.True(await c.WaitUntilAsync(o => o.Hosts.All(h => h.HasLeader) && o.Hosts.Select(h => h.Status!.Leader).Distinct().Count() == 1, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Same_seed_should_give_the_same_run_under_degraded_links()
    {
        async Task<IReadOnlyList<string>> RunAsync()
        {
            await using var c = await ClusterAsync(seed: 9);
            var (leader, follower) = await LeaderAndFollowerAsync(c);
            await c.Target.DegradeLinksAsync(follower, TimeSpan.FromMilliseconds(150), 0.2, Ct);
            await c.Target.DegradeLinksAsync(leader, TimeSpan.FromMilliseconds(30), 0.4, Ct);
            await c.DelayAsync(3);
            await c.Target.RestoreLinksAsync(follower, Ct);
            await c.Target.RestoreLinksAsync(leader, Ct);
            await c.DelayAsync(2);
            await c.Target.StopWriterAsync("w", Ct);
            c.Recorder.Record(new ClusterObserved(await c.ObserveAsync()));
            return [.. c.Recorder.Events.Select(RunEventJson.Serialize), c.Target.Stats.ToString()];
        }

        Assert.Equal(await RunAsync(), await RunAsync());
    }
}
