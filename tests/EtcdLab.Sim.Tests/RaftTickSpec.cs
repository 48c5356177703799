using EtcdLab.Sim.Raft;

namespace EtcdLab.Sim.Tests;

/// <summary>
/// Raft time as etcd drives it: a per-process ticker (started at an arbitrary phase) and
/// raft's randomized election timeout of [election, 2·election) ticks, so campaigns fall on the
/// ticker's boundaries and who campaigns first depends on the seed.
/// </summary>
public sealed class RaftTickSpec
{
    private const long Tick = 10_000;

    [Fact]
    public void Isolated_node_should_campaign_on_its_own_ticker_every_election_to_twice_election_ticks()
    {
        var h = new RaftHarness(3, seed: 7, tickMicros: Tick);
        // A delay that is no whole number of ticks, so heartbeats arrive off every ticker's beat.
        h.DelayMicros = 3_777;
        h.Run(1_000_000);
        var node = h.Nodes.Values.First(n => n.Role != RaftRole.Leader);
        h.Isolate(node.Id);

        var campaigns = new List<long>();
        for (var i = 0; i < 30; i++)
        {
            var term = node.Term;
            var at = node.NextDeadline;
            h.Run(at - h.Now);
            Assert.Equal(term + 1, node.Term);
            campaigns.Add(at);
        }

        Assert.All(campaigns, t => Assert.Equal(0, (t - node.TickPhaseMicros) % Tick));
        var gaps = campaigns.Zip(campaigns.Skip(1), (a, b) => (b - a) / Tick).ToList();
        Assert.All(gaps, g => Assert.InRange(g, 10, 19));
        Assert.True(gaps.Distinct().Count() >= 5, $"the randomized timeouts repeat: {string.Join(",", gaps)}");
    }

    [Fact]
    public void Tickers_should_start_at_phases_drawn_from_the_seed()
    {
        long[] Phases(ulong seed) => new RaftHarness(3, seed, tickMicros: Tick).Nodes.Values.Select(n => n.TickPhaseMicros).ToArray();

        var all = Enumerable.Range(1, 10).SelectMany(s => Phases((ulong)s)).ToList();
        Assert.All(all, p => Assert.InRange(p, 0, Tick - 1));
        Assert.True(all.Distinct().Count() >= 25, "30 tickers should not share a handful of phases");
        Assert.Equal(Phases(3), Phases(3));
    }

    [Fact]
    public void First_leader_should_vary_with_the_seed()
    {
        var winners = new Dictionary<ulong, int>();
        for (ulong seed = 1; seed <= 30; seed++)
        {
            var h = new RaftHarness(3, seed);
            h.Run(1_000_000);
            var first = h.Elections[0].Id;
            winners[first] = winners.GetValueOrDefault(first) + 1;
        }
        Assert.Equal(3, winners.Count);
        Assert.All(winners.Values, n => Assert.True(n >= 4, $"one node won only {n} of 30 first elections: {string.Join(", ", winners)}"));
    }
}
