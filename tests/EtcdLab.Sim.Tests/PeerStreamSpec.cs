using EtcdLab.Core.Targets;
using EtcdLab.Sim.Server;
using EtcdLab.Sim.Simulation;

namespace EtcdLab.Sim.Tests;

/// <summary>
/// Peer connectivity as rafthttp has it over the Docker lab's iptables DROP partitions, seen
/// through the strict reconfiguration check (every voting member connected for 5 s): a partition
/// stalls the streams instead of closing them, so a peer counts as connected until the stream's
/// read times out; a heal before that changes nothing; after it, the peer is dialled again and
/// counts from then.
/// </summary>
public sealed class PeerStreamSpec
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>Three members with etcd's own timing (100 ms heartbeat, 1 s election), so that a
    /// partition of a second or two changes no leadership, connected for more than 5 s.</summary>
    private static async Task<SimCluster> MatureClusterAsync(SimulationOptions? options = null)
    {
        var c = await SimCluster.CreateAsync(4, seed: 3, options);
        var ic = SimCluster.InitialCluster([1, 2, 3]);
        for (var i = 1; i <= 3; i++)
            await c.Target.StartAsync($"m{i}", SimCluster.Flags(i, ic).With("heartbeat-interval", "100").With("election-timeout", "1000"), Ct);
        Assert.True(await c.WaitUntilAsync(o => o.Hosts.Take(3).All(h => h.HasLeader), TimeSpan.FromSeconds(10)));
        await c.DelayAsync(6);
        return c;
    }

    private static Task<RpcResult<MemberAddReply>> AddM4Async(SimCluster c) =>
        c.Target.MemberAddAsync(SimCluster.ClientUrl(1), [SimCluster.PeerUrl(4)], false, Timeout, Ct);

    private static async Task<ulong> IdOfAsync(SimCluster c, string host) => (await c.ObserveAsync())[host].Status!.Header.MemberId;

    [Fact]
    public async Task Partition_healed_within_the_read_timeout_should_leave_every_peer_connected()
    {
        await using var c = await MatureClusterAsync();
        await c.Target.PartitionAsync([["m1", "m2"], ["m3"]], Ct);
        await c.DelayAsync(1);
        await c.Target.HealAsync(Ct);

        var added = await AddM4Async(c);
        Assert.True(added.IsOk, $"the add right after a 1 s blip should pass the strict check: {added.Error}");
    }

    [Fact]
    public async Task Partition_outlasting_the_read_timeout_should_start_the_health_window_again_after_heal()
    {
        await using var c = await MatureClusterAsync();
        await c.Target.PartitionAsync([["m1", "m2"], ["m3"]], Ct);
        await c.DelayAsync(6);
        await c.Target.HealAsync(Ct);
        await c.DelayAsync(0.2); // the redial is done

        Assert.Equal(EtcdErrors.Unhealthy.Message, (await AddM4Async(c)).Error?.Message);
        await c.DelayAsync(4.5);
        Assert.Equal(EtcdErrors.Unhealthy.Message, (await AddM4Async(c)).Error?.Message);
        await c.DelayAsync(0.5);
        var added = await AddM4Async(c);
        Assert.True(added.IsOk, added.Error?.Message);
    }

    /// <summary>m2 is cut off until m1 gives its streams up, then the cut moves to m3 (m2 is back,
    /// connected for less than 5 s) and m3's host dies behind it. Returns when m3 is dead.</summary>
    private static async Task<ulong> KillM3BehindAPartitionAsync(SimCluster c)
    {
        var m3 = await IdOfAsync(c, "m3");
        await c.Target.PartitionAsync([["m1", "m3"], ["m2"]], Ct);
        await c.DelayAsync(6);
        await c.Target.PartitionAsync([["m1", "m2"], ["m3"]], Ct);
        await c.DelayAsync(2);
        await c.Target.KillAsync("m3", Ct);
        return m3;
    }

    [Fact]
    public async Task Peer_that_died_behind_a_partition_should_count_as_connected_until_its_streams_time_out()
    {
        await using var c = await MatureClusterAsync();
        var m3 = await KillM3BehindAPartitionAsync(c);

        // m3 still counts as active, so it is no "downed member safe to remove", and m2 has not
        // been connected for 5 s: removing m3 would leave too few members connected long enough.
        var early = await c.Target.MemberRemoveAsync(SimCluster.ClientUrl(1), m3, Timeout, Ct);
        Assert.Equal(EtcdErrors.Unhealthy.Message, early.Error?.Message);
        await c.DelayAsync(2.5); // 4.6 s after the cut moved: m3's streams still look alive
        Assert.Equal(EtcdErrors.Unhealthy.Message, (await c.Target.MemberRemoveAsync(SimCluster.ClientUrl(1), m3, Timeout, Ct)).Error?.Message);
        await c.DelayAsync(0.6); // past the 5 s read timeout
        var removed = await c.Target.MemberRemoveAsync(SimCluster.ClientUrl(1), m3, Timeout, Ct);
        Assert.True(removed.IsOk, removed.Error?.Message);
    }

    [Fact]
    public async Task Read_timeout_option_should_set_how_long_a_stalled_peer_counts_as_connected()
    {
        await using var c = await MatureClusterAsync(new SimulationOptions { PeerStreamReadTimeoutMicros = 3_000_000 });
        var m3 = await KillM3BehindAPartitionAsync(c);
        await c.DelayAsync(1.2); // 3.3 s after the cut moved: m3 timed out, m2 is still young
        var removed = await c.Target.MemberRemoveAsync(SimCluster.ClientUrl(1), m3, Timeout, Ct);
        Assert.True(removed.IsOk, removed.Error?.Message);
    }

    [Fact]
    public async Task Peer_that_died_on_this_side_of_every_partition_should_be_seen_gone_at_once()
    {
        await using var c = await MatureClusterAsync();
        var m3 = await IdOfAsync(c, "m3");
        await c.Target.PartitionAsync([["m1", "m3"], ["m2"]], Ct);
        await c.DelayAsync(6);
        await c.Target.HealAsync(Ct);
        await c.DelayAsync(2); // m2 is back and leadership has settled; m2 has been connected for 2 s
        await c.Target.KillAsync("m3", Ct);

        // Nothing stalls m1's streams to m3: it sees them close and the redial refused, so m3 is a
        // downed member, safe to remove, although m2 has not been connected for 5 s.
        var removed = await c.Target.MemberRemoveAsync(SimCluster.ClientUrl(1), m3, Timeout, Ct);
        Assert.True(removed.IsOk, removed.Error?.Message);
    }

    [Fact]
    public async Task Frozen_peer_should_count_as_connected_until_its_streams_time_out()
    {
        // Docker lab: peers of a SIGSTOPped member turned it inactive 3.9-5.0 s after the freeze.
        await using var c = await MatureClusterAsync();
        await c.Target.PauseAsync("m3", Ct);
        await c.DelayAsync(0.5);
        var added = await AddM4Async(c);
        Assert.True(added.IsOk, $"a member frozen for 0.5 s still counts as connected: {added.Error}");
    }
}
