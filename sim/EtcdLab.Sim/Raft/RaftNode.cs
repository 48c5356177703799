using EtcdLab.Sim.Simulation;

namespace EtcdLab.Sim.Raft;

/// <summary>
/// A raft peer modelled on etcd's raft package (v3.4): terms, randomized election timeouts,
/// CheckQuorum with the leader lease, no pre-vote, log replication with conflict handling and
/// probe/replicate/snapshot progress, one pending membership change at a time, learners, ReadIndex
/// and leadership transfer. It is a plain object: the caller feeds it messages and timer calls and
/// drains <see cref="TakeMessages"/>, <see cref="TakeReadStates"/>, committed entries and snapshots.
/// Time is counted in ticks of a per-process ticker, as etcd's raftNode drives raft: the ticker
/// started at a random phase (processes start at arbitrary instants), so campaigns, heartbeats and
/// quorum checks fall on this process's tick boundaries. Instead of a tick event per heartbeat it
/// exposes <see cref="NextDeadline"/>, the next boundary at which something must happen, so
/// followers cost one timer per election timeout.
/// </summary>
internal sealed partial class RaftNode
{
    public const ulong None = 0;

    /// <summary>The Context of a vote forced by a leadership transfer (etcd's campaignTransfer).</summary>
    private const ulong CampaignTransfer = ulong.MaxValue;

    private const int MaxEntriesPerMessage = 1024;

    private readonly Func<long> _now;
    private readonly Prng _rng;
    private readonly RaftTiming _timing;
    private readonly Dictionary<ulong, Progress> _prs = new();
    // _prs's keys in ascending order, and how many of them vote: iterated on every heartbeat.
    private ulong[] _ids = [];
    private int _voterCount;
    private readonly Dictionary<ulong, bool> _votes = new();
    private List<RaftMessage> _msgs = [];
    private List<ReadState> _readStates = [];
    private readonly Dictionary<ulong, ReadIndexStatus> _pendingReads = new();
    private readonly List<ulong> _readQueue = [];

    private ulong _pendingConfIndex;
    private ulong _leadTransferee;
    /// <summary>The instant electionElapsed was last reset (it counts the ticks after it).</summary>
    private long _electionStart;
    private long _randomizedElectionTicks;
    /// <summary>Where this process's ticker fires: at <c>_tickPhase + k·tick</c>.</summary>
    private readonly long _tickPhase;
    private long _heartbeatDeadline;
    private long _checkQuorumDeadline;
    private long _transferDeadline;

    public RaftNode(ulong id, RaftStorage storage, ulong applied, ConfState conf, RaftTiming timing, Prng rng, Func<long> now)
    {
        Id = id;
        _timing = timing;
        _rng = rng;
        _now = now;
        _tickPhase = rng.NextLong(0, timing.TickMicros);
        Log = new RaftLog(storage, applied);
        if (storage.Commit < storage.Snapshot.Index) storage.Commit = storage.Snapshot.Index;
        if (storage.Commit > Log.LastIndex)
            throw new RaftPanicException($"{id:x} state.commit {storage.Commit} is out of range [{storage.Snapshot.Index}, {Log.LastIndex}]");
        SetConf(conf);
        BecomeFollower(Term, None);
    }

    public ulong Id { get; }

    public RaftLog Log { get; }

    public ulong Term
    {
        get => Log.Storage.Term;
        private set => Log.Storage.Term = value;
    }

    public ulong Vote
    {
        get => Log.Storage.Vote;
        private set => Log.Storage.Vote = value;
    }

    /// <summary>The leader this peer knows, <see cref="None"/> when it knows none.</summary>
    public ulong Lead { get; private set; }

    public RaftRole Role { get; private set; }

    /// <summary>A snapshot received from the leader that the server layer must load before applying further entries.</summary>
    public RaftSnapshot? SnapshotToApply { get; private set; }

    public IEnumerable<ulong> Voters => _ids.Where(id => !_prs[id].IsLearner);

    public IEnumerable<ulong> Learners => _ids.Where(id => _prs[id].IsLearner);

    public bool IsVoter(ulong id) => _prs.TryGetValue(id, out var pr) && !pr.IsLearner;

    /// <summary>A peer may campaign only while it is a voter (raft.promotable).</summary>
    public bool Promotable => IsVoter(Id);

    /// <summary>The leader's match index of <paramref name="id"/>, null when this peer is not leader or does not track it.</summary>
    public ulong? MatchOf(ulong id) => Role == RaftRole.Leader && _prs.TryGetValue(id, out var pr) ? pr.Match : null;

    public ConfState ConfState => new(Voters.ToArray(), Learners.ToArray());

    private int Quorum => _voterCount / 2 + 1;

    /// <summary>Recomputes the sorted ids and the voter count after the configuration changed.</summary>
    private void ConfigChanged()
    {
        _ids = [.. _prs.Keys.Order()];
        _voterCount = _prs.Values.Count(p => !p.IsLearner);
    }

    private long Now => _now();

    /// <summary>Where this process's ticker fires within a tick (tests and diagnostics).</summary>
    internal long TickPhaseMicros => _tickPhase;

    /// <summary>raft's electionElapsed: the ticks that fired since the last reset.</summary>
    private long ElectionElapsedTicks => TicksBetween(_electionStart, Now);

    // ---- outputs --------------------------------------------------------------------------------

    private List<RaftMessage>? _spareMsgs;

    /// <summary>The messages to send; give the list back with <see cref="ReturnMessageList"/> once sent.</summary>
    public List<RaftMessage> TakeMessages()
    {
        var msgs = _msgs;
        _msgs = _spareMsgs ?? [];
        _spareMsgs = null;
        return msgs;
    }

    public void ReturnMessageList(List<RaftMessage> list)
    {
        list.Clear();
        _spareMsgs = list;
    }

    public bool HasMessages => _msgs.Count > 0;

    public List<ReadState> TakeReadStates()
    {
        var rs = _readStates;
        _readStates = [];
        return rs;
    }

    public bool HasReadStates => _readStates.Count > 0;

    /// <summary>The server layer loaded <see cref="SnapshotToApply"/>.</summary>
    public void SnapshotApplied() => SnapshotToApply = null;

    // ---- time -----------------------------------------------------------------------------------

    /// <summary>The next virtual instant at which <see cref="OnTimer"/> has something to do.</summary>
    public long NextDeadline => Role == RaftRole.Leader
        ? Math.Min(_heartbeatDeadline, _leadTransferee != None ? Math.Min(_checkQuorumDeadline, _transferDeadline) : _checkQuorumDeadline)
        : ElectionDeadline;

    /// <summary>The tick at which electionElapsed reaches the randomized timeout (raft's tickElection campaigns there).</summary>
    private long ElectionDeadline => TickAfter(_electionStart) + (_randomizedElectionTicks - 1) * _timing.TickMicros;

    /// <summary>Does whatever the ticks up to now would have done: campaign, heartbeat, check quorum.</summary>
    public void OnTimer()
    {
        var now = Now;
        if (Role != RaftRole.Leader)
        {
            if (now < ElectionDeadline) return;
            if (Promotable)
            {
                Campaign(transfer: false);
            }
            else
            {
                // A non-voter never campaigns; restart the count so it does not wake up at every event.
                _electionStart = now;
            }
            return;
        }

        if (now >= _checkQuorumDeadline)
        {
            _checkQuorumDeadline = TickAfter(now) + (_timing.ElectionTicks - 1) * _timing.TickMicros;
            _electionStart = now;
            if (!CheckQuorumActive())
            {
                BecomeFollower(Term, None);
                return;
            }
        }
        if (_leadTransferee != None && now >= _transferDeadline) _leadTransferee = None;
        if (now >= _heartbeatDeadline)
        {
            _heartbeatDeadline = TickAfter(now) + (_timing.HeartbeatTicks - 1) * _timing.TickMicros;
            BroadcastHeartbeat(_readQueue.Count > 0 ? _readQueue[^1] : 0);
        }
    }

    /// <summary>etcd's advanceTicks at start: pretends <paramref name="ticks"/> ticks already passed since the last reset.</summary>
    public void AdvanceTicks(int ticks)
    {
        if (Role != RaftRole.Leader) _electionStart -= ticks * _timing.TickMicros;
    }

    /// <summary>A paused process counts no ticks: every deadline moves by the pause, onto the ticker's next boundary.</summary>
    public void ShiftTime(long micros)
    {
        _electionStart += micros;
        _heartbeatDeadline = TickAtOrAfter(_heartbeatDeadline + micros);
        _checkQuorumDeadline = TickAtOrAfter(_checkQuorumDeadline + micros);
        _transferDeadline += micros;
    }

    /// <summary>The first tick of this process's ticker strictly after <paramref name="t"/>.</summary>
    private long TickAfter(long t) => _tickPhase + (FloorDiv(t - _tickPhase, _timing.TickMicros) + 1) * _timing.TickMicros;

    private long TickAtOrAfter(long t) => TickAfter(t - 1);

    /// <summary>How many ticks fired in (<paramref name="from"/>, <paramref name="to"/>].</summary>
    private long TicksBetween(long from, long to) =>
        to <= from ? 0 : FloorDiv(to - _tickPhase, _timing.TickMicros) - FloorDiv(from - _tickPhase, _timing.TickMicros);

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private void ResetElectionTimer()
    {
        _electionStart = Now;
    }

    private void ResetRandomizedElectionTimeout()
    {
        // raft: electionTimeout + globalRand.Intn(electionTimeout)
        _randomizedElectionTicks = _rng.NextLong(_timing.ElectionTicks, 2L * _timing.ElectionTicks);
    }

    // ---- configuration --------------------------------------------------------------------------

    private void SetConf(ConfState conf)
    {
        _prs.Clear();
        foreach (var v in conf.Voters) _prs[v] = new Progress(0, Log.LastIndex + 1, false);
        foreach (var l in conf.Learners) _prs[l] = new Progress(0, Log.LastIndex + 1, true);
        ConfigChanged();
    }

    /// <summary>Applies a committed membership change (raft.applyConfChange) and returns the configuration after it.</summary>
    public ConfState ApplyConfChange(ConfChange cc)
    {
        if (cc.NodeId == None) return ConfState;
        switch (cc.Type)
        {
            case ConfChangeType.AddNode:
                AddNodeOrLearner(cc.NodeId, isLearner: false);
                break;
            case ConfChangeType.AddLearnerNode:
                AddNodeOrLearner(cc.NodeId, isLearner: true);
                break;
            case ConfChangeType.RemoveNode:
                RemoveNode(cc.NodeId);
                break;
            case ConfChangeType.UpdateNode:
                break;
        }
        ConfigChanged();
        return ConfState;
    }

    private void AddNodeOrLearner(ulong id, bool isLearner)
    {
        if (!_prs.TryGetValue(id, out var pr))
        {
            pr = new Progress(0, Log.LastIndex + 1, isLearner);
            _prs[id] = pr;
        }
        else
        {
            if (isLearner && !pr.IsLearner) return; // raft cannot demote a voter
            if (isLearner == pr.IsLearner) return;
            pr.IsLearner = false;
        }
        if (id == Id && Role == RaftRole.Leader) pr.Match = Log.LastIndex;
        // Mark a new member recently active so CheckQuorum does not count it against the leader at once.
        pr.RecentActive = true;
    }

    private void RemoveNode(ulong id)
    {
        _prs.Remove(id);
        ConfigChanged();
        if (_prs.Count == 0) return;
        if (Role == RaftRole.Leader)
        {
            if (MaybeCommit()) BroadcastAppend();
            if (_leadTransferee == id) _leadTransferee = None;
        }
    }

    // ---- role changes ---------------------------------------------------------------------------

    private void Reset(ulong term)
    {
        if (Term != term)
        {
            Term = term;
            Vote = None;
        }
        Lead = None;
        ResetElectionTimer();
        ResetRandomizedElectionTimeout();
        _leadTransferee = None;
        _votes.Clear();
        foreach (var id in _ids) _prs[id].ResetTo(id == Id ? Log.LastIndex : 0, Log.LastIndex + 1);
        _pendingConfIndex = 0;
        _pendingReads.Clear();
        _readQueue.Clear();
    }

    private void BecomeFollower(ulong term, ulong lead)
    {
        Reset(term);
        Lead = lead;
        Role = RaftRole.Follower;
    }

    private void BecomeCandidate()
    {
        Reset(Term + 1);
        Vote = Id;
        Role = RaftRole.Candidate;
    }

    private void BecomeLeader()
    {
        Reset(Term);
        Lead = Id;
        Role = RaftRole.Leader;
        // Reset zeroed heartbeatElapsed and electionElapsed: both count from the next tick.
        var now = Now;
        _heartbeatDeadline = TickAfter(now) + (_timing.HeartbeatTicks - 1) * _timing.TickMicros;
        _checkQuorumDeadline = TickAfter(now) + (_timing.ElectionTicks - 1) * _timing.TickMicros;
        if (_prs.TryGetValue(Id, out var self)) self.BecomeReplicate();
        // Conservatively treat every uncommitted entry as a possible pending conf change.
        _pendingConfIndex = Log.LastIndex;
        AppendEntries([new Entry(0, 0, EntryType.Normal, null)]);
    }

    private bool HasUnappliedConfChanges()
    {
        for (var i = Log.Applied + 1; i <= Log.Committed; i++)
            if (i >= Log.FirstIndex && Log.EntryAt(i).Type == EntryType.ConfChange) return true;
        return false;
    }

    private void Campaign(bool transfer)
    {
        if (Role == RaftRole.Leader || !Promotable) return;
        if (HasUnappliedConfChanges())
        {
            // etcd: "cannot campaign at term %d since there are still %d pending configuration changes to apply"
            ResetElectionTimer();
            return;
        }
        BecomeCandidate();
        if (Poll(Id, granted: true) == VoteResult.Won)
        {
            BecomeLeader();
            return;
        }
        foreach (var id in Voters)
        {
            if (id == Id) continue;
            Send(new RaftMessage(RaftMessageType.Vote, Id, id, Term)
            {
                Index = Log.LastIndex,
                LogTerm = Log.LastTerm,
                Context = transfer ? CampaignTransfer : 0,
            });
        }
    }

    private enum VoteResult
    {
        Pending,
        Won,
        Lost,
    }

    private VoteResult Poll(ulong id, bool granted)
    {
        _votes.TryAdd(id, granted);
        var yes = 0;
        var no = 0;
        foreach (var voter in Voters)
        {
            if (!_votes.TryGetValue(voter, out var v)) continue;
            if (v) yes++;
            else no++;
        }
        if (yes >= Quorum) return VoteResult.Won;
        return no >= Quorum ? VoteResult.Lost : VoteResult.Pending;
    }

    private void Send(RaftMessage m) => _msgs.Add(m);
}
