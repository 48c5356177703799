using EtcdLab.Sim.Raft;

namespace EtcdLab.Sim.Tests;

public sealed class RaftSpec
{
    [Fact]
    public void Election_should_produce_exactly_one_leader_within_two_election_timeouts()
    {
        var h = new RaftHarness(3);
        h.Run(2 * h.Timing.ElectionMicros + 10_000);
        var leaders = h.Nodes.Values.Where(n => n.Role == RaftRole.Leader).ToList();
        Assert.Single(leaders);
        Assert.All(h.Nodes.Values, n => Assert.Equal(leaders[0].Id, n.Lead));
        Assert.All(h.Nodes.Values, n => Assert.Equal(leaders[0].Term, n.Term));
    }

    [Fact]
    public void Leader_should_append_an_empty_entry_of_its_term_and_commit_it_on_every_member()
    {
        var h = new RaftHarness(3);
        h.Run(1_000_000);
        var leader = h.Leader!;
        var first = leader.Log.EntryAt(leader.Log.LastIndex);
        Assert.Null(first.Data);
        Assert.Equal(leader.Term, first.Term);
        Assert.All(h.Nodes.Values, n => Assert.True(n.Log.Committed >= first.Index));
    }

    [Fact]
    public void Commit_should_need_a_majority_of_voters()
    {
        var h = new RaftHarness(3);
        h.Run(1_000_000);
        var leader = h.Leader!;
        foreach (var other in h.Nodes.Keys.Where(id => id != leader.Id)) h.Cut(leader.Id, other);
        var before = leader.Log.Committed;
        Assert.True(h.Propose(leader.Id, "x"));
        h.Run(h.Timing.ElectionMicros / 2);
        Assert.Equal(before, leader.Log.Committed);
        Assert.DoesNotContain(h.Applied[leader.Id], e => Equals(e.Data, "x"));
    }

    [Fact]
    public void Partitioned_minority_leader_should_step_down_and_majority_should_elect_and_commit()
    {
        var h = new RaftHarness(5);
        h.Run(1_000_000);
        var old = h.Leader!;
        var buddy = h.Nodes.Keys.First(id => id != old.Id);
        var majority = h.Nodes.Keys.Where(id => id != old.Id && id != buddy).ToList();
        foreach (var m in majority)
        {
            h.Cut(old.Id, m);
            h.Cut(buddy, m);
        }
        h.Propose(old.Id, "lost");
        h.Run(5 * h.Timing.ElectionMicros);
        Assert.NotEqual(RaftRole.Leader, old.Role); // CheckQuorum: no quorum heard within an election timeout
        var leader = h.Leader!;
        Assert.Contains(leader.Id, majority);
        Assert.True(h.Propose(leader.Id, "kept"));
        h.Run(500_000);
        Assert.All(majority, m => Assert.Contains(h.Applied[m], e => Equals(e.Data, "kept")));

        h.HealAll();
        h.Run(2_000_000);
        Assert.All(h.Nodes.Keys, id => Assert.Contains(h.Applied[id], e => Equals(e.Data, "kept")));
        Assert.All(h.Nodes.Keys, id => Assert.DoesNotContain(h.Applied[id], e => Equals(e.Data, "lost")));
        Assert.Equal(h.Elections.Count, h.Elections.Select(e => e.Term).Distinct().Count()); // one leader per term
    }

    [Fact]
    public void Follower_in_lease_should_ignore_a_higher_term_vote()
    {
        var h = new RaftHarness(3);
        h.Run(1_000_000);
        var leader = h.Leader!;
        var follower = h.Nodes.Values.First(n => n.Role == RaftRole.Follower);
        var term = follower.Term;
        follower.Step(new RaftMessage(RaftMessageType.Vote, 99, follower.Id, term + 5) { Index = 1000, LogTerm = term + 5 });
        Assert.Equal(term, follower.Term);
        Assert.Equal(leader.Id, follower.Lead);
        Assert.Empty(follower.TakeMessages());
    }

    [Fact]
    public void Membership_changes_should_be_applied_one_at_a_time()
    {
        var h = new RaftHarness(3);
        h.Run(1_000_000);
        var leader = h.Leader!;
        leader.Propose(EntryType.ConfChange, new ConfChange(1, ConfChangeType.AddLearnerNode, 10, null));
        leader.Propose(EntryType.ConfChange, new ConfChange(2, ConfChangeType.AddLearnerNode, 11, null));
        var last = leader.Log.EntryAt(leader.Log.LastIndex);
        // The second change arrived while the first was pending: raft turned it into an empty normal entry.
        Assert.Equal(EntryType.Normal, last.Type);
        Assert.Null(last.Data);
        h.Run(200_000);
        Assert.Contains(10UL, leader.ConfState.Learners);
        Assert.DoesNotContain(11UL, leader.ConfState.Learners);
    }

    [Fact]
    public void Heartbeat_commit_beyond_the_log_should_panic_like_etcd()
    {
        var storage = new RaftStorage();
        var node = new RaftNode(2, storage, 0, new ConfState([1, 2, 3], []), new RaftTiming(10_000, 10), new Simulation.Prng(1), () => 0);
        var e = Assert.Throws<RaftPanicException>(() => node.Step(new RaftMessage(RaftMessageType.Heartbeat, 1, 2, 3) { Commit = 9 }));
        Assert.Equal("tocommit(9) is out of range [lastIndex(0)]. Was the raft log corrupted, truncated, or lost?", e.Message);
    }

    [Fact]
    public void Lagging_follower_should_catch_up_by_snapshot_when_the_leader_compacted_its_log()
    {
        var h = new RaftHarness(3);
        h.Run(1_000_000);
        var leader = h.Leader!;
        var lagging = h.Nodes.Values.First(n => n.Id != leader.Id);
        h.Isolate(lagging.Id);
        for (var i = 0; i < 20; i++) h.Propose(leader.Id, $"k{i}");
        h.Run(200_000);
        var applied = leader.Log.Applied;
        // Both up-to-date members compact: whichever leads after the heal (the lagging member's
        // higher term from its lonely campaigns forces an election) must send a snapshot.
        foreach (var n in h.Nodes.Values.Where(n => n.Id != lagging.Id))
            n.Log.Compact(new RaftSnapshot(applied, n.Log.Term(applied)!.Value, n.ConfState, "state"));
        h.HealAll();
        h.Run(1_000_000);
        Assert.True(lagging.Log.Committed >= applied);
        Assert.Equal(applied, lagging.Log.SnapshotIndex);
    }
}
