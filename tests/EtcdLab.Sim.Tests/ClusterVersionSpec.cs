using EtcdLab.Core.Targets;

namespace EtcdLab.Sim.Tests;

/// <summary>
/// The leader's version monitor (etcdserver monitorVersions): the cluster version it sets is a
/// raft entry, which is what puts a fresh three-member cluster at raft index 8 on real etcd.
/// </summary>
public sealed class ClusterVersionSpec
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private static EtcdFlags Flags(int i, string ic, bool etcdTiming, string state = "new") =>
        etcdTiming ? SimCluster.Flags(i, ic, state).With("heartbeat-interval", "100").With("election-timeout", "1000") : SimCluster.Flags(i, ic, state);

    private static async Task<ulong[]> IndexesAsync(SimCluster c, int members)
    {
        var o = await c.ObserveAsync();
        return Enumerable.Range(1, members).Select(i => o[$"m{i}"].Status!.RaftIndex).ToArray();
    }

    private static Task<bool> AllServeAsync(SimCluster c, int members) =>
        c.WaitUntilAsync(o => Enumerable.Range(1, members).All(i => o[$"m{i}"].Serving && o[$"m{i}"].HasLeader), TimeSpan.FromSeconds(15));

    [Fact]
    public async Task Cluster_whose_members_all_run_before_the_first_election_should_sit_at_index_8_and_stay()
    {
        await using var c = await SimCluster.CreateAsync(4);
        var ic = SimCluster.InitialCluster([1, 2, 3]);
        for (var i = 1; i <= 3; i++) await c.Target.StartAsync($"m{i}", Flags(i, ic, etcdTiming: true), Ct);
        Assert.True(await AllServeAsync(c, 3));
        await c.DelayAsync(0.3);

        // 3 conf changes, the leader's empty entry, 3.4 as cluster version, 3 publishes.
        Assert.Equal(new ulong[] { 8, 8, 8 }, await IndexesAsync(c, 3));
        await c.DelayAsync(5);
        Assert.Equal(new ulong[] { 8, 8, 8 }, await IndexesAsync(c, 3));

        // A join adds the member add and the new member's publish, no version change.
        var added = await c.Target.MemberAddAsync(SimCluster.ClientUrl(1), [SimCluster.PeerUrl(4)], false, Timeout, Ct);
        Assert.True(added.IsOk, added.Error?.Message);
        await c.Target.StartAsync("m4", Flags(4, SimCluster.InitialCluster([1, 2, 3, 4]), etcdTiming: true, "existing"), Ct);
        Assert.True(await AllServeAsync(c, 4));
        await c.DelayAsync(5);
        Assert.Equal(new ulong[] { 10, 10, 10, 10 }, await IndexesAsync(c, 4));
    }

    [Fact]
    public async Task Leader_elected_before_the_last_member_runs_should_set_3_0_then_raise_it_to_3_4()
    {
        await using var c = await SimCluster.CreateAsync(3);
        var ic = SimCluster.InitialCluster([1, 2, 3]);
        await c.Target.StartAsync("m1", Flags(1, ic, etcdTiming: false), Ct);
        await c.Target.StartAsync("m2", Flags(2, ic, etcdTiming: false), Ct);
        Assert.True(await c.WaitUntilAsync(o => o["m1"].Serving && o["m2"].Serving, TimeSpan.FromSeconds(5)));
        await c.Target.StartAsync("m3", Flags(3, ic, etcdTiming: false), Ct);
        Assert.True(await AllServeAsync(c, 3));
        await c.DelayAsync(0.1);

        // m3 did not answer the leader's first version check: 3.0 went in, 3.4 waits for the next check.
        Assert.Equal(new ulong[] { 8, 8, 8 }, await IndexesAsync(c, 3));
        await c.DelayAsync(4.5);
        Assert.Equal(new ulong[] { 9, 9, 9 }, await IndexesAsync(c, 3));
        await c.DelayAsync(8);
        Assert.Equal(new ulong[] { 9, 9, 9 }, await IndexesAsync(c, 3));
    }
}
