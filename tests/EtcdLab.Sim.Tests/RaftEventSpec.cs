using EtcdLab.Core.Events;
using EtcdLab.Core.Recording;
using EtcdLab.Sim.Hosts;
using EtcdLab.Sim.Server;
using EtcdLab.Sim.Simulation;

namespace EtcdLab.Sim.Tests;

/// <summary>What the simulator's raft puts into the event log: each leadership, and any member that applies
/// another entry than the rest of its cluster at one index.</summary>
public sealed class RaftEventSpec
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task LeaderElected_should_be_recorded_once_per_election_with_increasing_terms()
    {
        await using var c = await SimCluster.CreateAsync(3, seed: 7);
        await c.BootstrapAsync(3);
        await AssertLastElectionIsTheLeaderAsync(c, expectedElections: 1);

        // The leader dies: the others elect one of them, in a later term.
        var first = (await c.LeaderHostAsync())!;
        await c.Target.KillAsync(first, Ct);
        Assert.True(await c.WaitUntilAsync(o => o.Hosts.Any(h => h.Host != first && h.Status is { } s && s.Leader == s.Header.MemberId), TimeSpan.FromSeconds(5)));
        await AssertLastElectionIsTheLeaderAsync(c, expectedElections: 2);

        // It comes back and the new leader is cut off: the majority elects again; the cut-off one campaigns
        // alone in ever higher terms but never wins, so it records nothing.
        await c.Target.StartAsync(first, SimCluster.Flags(SimCluster.Index(first), SimCluster.InitialCluster([1, 2, 3])), Ct);
        await c.DelayAsync(1);
        var second = (await c.LeaderHostAsync())!;
        await c.Target.PartitionAsync([[second], c.HostNames.Where(h => h != second).ToArray()], Ct);
        Assert.True(await c.WaitUntilAsync(o => o.Hosts.Any(h => h.Host != second && h.Status is { } s && s.Leader == s.Header.MemberId), TimeSpan.FromSeconds(5)));
        await c.DelayAsync(1);
        await AssertLastElectionIsTheLeaderAsync(c, expectedElections: 3);

        var terms = c.Events<LeaderElected>().Select(e => e.Term).ToArray();
        Assert.Equal(terms.Order(), terms);
        Assert.Equal(terms.Length, terms.Distinct().Count());
    }

    /// <summary>There were <paramref name="expectedElections"/> elections so far, and the last one names the member that
    /// leads now, with the term it reports.</summary>
    private static async Task AssertLastElectionIsTheLeaderAsync(SimCluster c, int expectedElections)
    {
        var elections = c.Events<LeaderElected>();
        Assert.Equal(expectedElections, elections.Count);
        var o = await c.ObserveAsync();
        var leader = o.Hosts.Single(h => h.Status is { } s && s.Leader == s.Header.MemberId && h.Process == Core.Targets.ProcessState.Running
                                         && o.Hosts.Count(x => x.Status?.Leader == s.Header.MemberId) >= 2);
        var last = elections[^1];
        Assert.Equal((leader.Host, leader.Status!.Header.MemberId, leader.Status.RaftTerm), (last.Host, last.MemberId, last.Term));
    }

    [Fact]
    public async Task RaftSafetyViolated_should_not_be_recorded_while_members_agree()
    {
        await using var c = await SimCluster.CreateAsync(3, seed: 3);
        await c.BootstrapAsync(3);
        for (var i = 0; i < 20; i++)
            Assert.True((await c.Target.PutAsync(SimCluster.ClientUrl(i % 3 + 1), $"/k{i}", $"v{i}", TimeSpan.FromSeconds(2), Ct)).IsOk);
        await c.Target.KillAsync("m2", Ct);
        await c.Target.StartAsync("m2", SimCluster.Flags(2, SimCluster.InitialCluster([1, 2, 3])), Ct);
        await c.DelayAsync(1);

        Assert.Empty(c.Events<RaftSafetyViolated>());
        Assert.NotEmpty(c.Events<LeaderElected>());
    }

    [Fact]
    public void AppliedEntries_should_report_a_member_that_applies_another_entry_at_an_index_once()
    {
        var applied = new AppliedEntries();
        const ulong cluster = 0x1bfce294034d8791;

        Assert.Null(applied.Apply("m1", cluster, 5, 2, new PutRequest(1, "/a", "1")));
        Assert.Null(applied.Apply("m2", cluster, 5, 2, new PutRequest(1, "/a", "1")));
        Assert.Null(applied.Apply("m2", cluster, 6, 2, new PublishRequest(2, 9, "m2", ["http://127.0.1.2:2379"])));
        Assert.Null(applied.Apply("m1", cluster, 6, 2, new PublishRequest(2, 9, "m2", ["http://127.0.1.2:2379"])));
        Assert.Null(applied.Apply("m1", 0x330c22d141ac1f6a, 5, 1, null));

        Assert.Equal(("m1", "put /a=2 (term 3)", "put /a=1 (term 2)"), applied.Apply("m3", cluster, 5, 3, new PutRequest(7, "/a", "2")));
        Assert.Null(applied.Apply("m3", cluster, 6, 3, null));
        Assert.Equal(("m2", "an empty entry (term 3)", "the publish of member 9 as m2 (term 2)"), applied.Apply("m1", cluster, 6, 3, null));
    }

    [Fact]
    public void AppliedEntries_should_let_a_forced_new_cluster_write_its_own_history_past_its_commit_index()
    {
        var applied = new AppliedEntries();
        const ulong cluster = 0x1bfce294034d8791;
        Assert.Null(applied.Apply("m3", cluster, 27, 3, new PutRequest(1, "/a", "1")));
        Assert.Null(applied.Apply("m3", cluster, 28, 3, null));

        // m1 knew index 27 committed, not 28: --force-new-cluster drops 28 and writes its removals there.
        applied.Rewrite(cluster, 28);

        Assert.Null(applied.Apply("m1", cluster, 28, 3, new Raft.ConfChange(0, Raft.ConfChangeType.RemoveNode, 0xe0, null)));
        Assert.NotNull(applied.Apply("m1", cluster, 27, 3, new PutRequest(1, "/a", "other")));
    }

    [Fact]
    public void HostRaftWatch_should_record_leaderships_and_divergence_in_the_run_log()
    {
        var recorder = new RunRecorder();
        var sim = new Simulator(1, new SimulationOptions());
        var m1 = new HostRaftWatch("m1", recorder, sim);
        var m2 = new HostRaftWatch("m2", recorder, sim);

        m1.LeaderElected(0x1bfce294034d8791, 0xa1, 4);
        m1.Applied(0x1bfce294034d8791, 0xa1, 12, 4, new PutRequest(1, "/a", "1"));
        m2.Applied(0x1bfce294034d8791, 0xa2, 12, 4, new PutRequest(1, "/a", "1"));
        m2.Applied(0x1bfce294034d8791, 0xa2, 13, 4, new PutRequest(2, "/b", "1"));
        m1.Applied(0x1bfce294034d8791, 0xa1, 13, 5, new PutRequest(3, "/b", "2"));

        Assert.Equal(new LeaderElected("m1", 0xa1, 4) { Seq = 1 }, recorder.Events[0]);
        var diverged = Assert.IsType<RaftSafetyViolated>(Assert.Single(recorder.Events, e => e is RaftSafetyViolated));
        Assert.Equal(("m1", "m2", 13ul, "put /b=2 (term 5)", "put /b=1 (term 4)"),
            (diverged.Host, diverged.OtherHost, diverged.Index, diverged.Applied, diverged.OtherApplied));
    }
}
