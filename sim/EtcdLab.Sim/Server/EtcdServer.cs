using EtcdLab.Core.Events;
using EtcdLab.Sim.Raft;
using EtcdLab.Sim.Simulation;

namespace EtcdLab.Sim.Server;

/// <summary>
/// The etcd server layer of one running process (etcdserver.EtcdServer): bootstrap, the apply
/// loop, membership with strict reconfiguration checks, publish, the KV store, linearizable reads
/// and the rafthttp checks on peer traffic. Plain C#: the host actor feeds it inputs and reads
/// <see cref="NextTimerAt"/>; every output goes through <see cref="IServerHost"/>.
/// </summary>
internal sealed partial class EtcdServer
{
    /// <summary>rafthttp's "connected for at least" window of the strict reconfiguration check.</summary>
    public const long HealthIntervalMicros = 5_000_000;

    private readonly IServerHost _host;
    private readonly Prng _rng;
    private readonly SimulationOptions _options;
    private readonly DataDir _dir;
    private readonly RaftNode _raft;
    private readonly Dictionary<ulong, PendingWait> _waits = new();
    private readonly List<(EntryType Type, object Data, ulong RequestId)> _blocked = [];
    private readonly Dictionary<ulong, PendingRead> _reads = new();
    private readonly List<(ClientOp Op, Action<object> Reply)> _held = [];
    private readonly Dictionary<ulong, long> _activeSince = new();
    private readonly HashSet<ulong> _reachable = [];
    /// <summary>Peers that were active when they closed their streams to this member (for the log of the failed redial).</summary>
    private readonly HashSet<ulong> _closedStreams = [];
    private readonly List<(MemberPromoteOp Op, Action<object> Reply, ulong RequestId)> _promotesToForward = [];
    private readonly Dictionary<ulong, (Action<object> Reply, long Deadline)> _forwardedPromotes = new();

    /// <summary>The members a joining member knows from --initial-cluster before it has applied anything.</summary>
    private IReadOnlyList<Member>? _joinMembers;
    private ulong _lastLead;
    private ulong _lastLeaderTerm;
    private ulong _publishRequest;
    private long _publishRetryAt = long.MaxValue;
    private long _stopAt = long.MaxValue;
    private long _adjustTicksAt = long.MaxValue;
    private long _adjustTicksUntil;
    private long _versionCheckAt = long.MaxValue;
    private ulong _lastSnapshotIndex;
    private bool _stopped;
    private bool _processing;

    private sealed record PendingWait(Action<object> OnApplied, long DeadlineMicros);

    private sealed class PendingRead(Action<object> reply, Func<object> read, long deadline, long issuedAt)
    {
        public Action<object> Reply { get; } = reply;
        public Func<object> Read { get; } = read;
        public long Deadline { get; } = deadline;
        public ulong? Index { get; set; }
        /// <summary>When the read index was last asked for; unanswered, it is asked again (see <see cref="RetryReads"/>).</summary>
        public long IssuedAt { get; set; } = issuedAt;
    }

    private EtcdServer(EtcdConfig cfg, DataDir dir, RaftStorage storage, ConfState conf, IServerHost host, Prng rng, SimulationOptions options)
    {
        Config = cfg;
        _dir = dir;
        _host = host;
        _rng = rng;
        _options = options;
        _raft = new RaftNode(dir.MemberId, storage, dir.State.AppliedIndex, conf, RaftTiming.FromMilliseconds(cfg.HeartbeatMs, cfg.ElectionMs), rng.Fork(), () => _host.NowMicros);
        _appliedTerm = _raft.Log.Term(dir.State.AppliedIndex) ?? 0;
        _lastSnapshotIndex = storage.Snapshot.Index;
    }

    public EtcdConfig Config { get; }

    public ulong MemberId => _dir.MemberId;

    public ulong ClusterId => _dir.ClusterId;

    public ServerState State => _dir.State;

    public RaftNode Raft => _raft;

    /// <summary>True once this start's publish was applied: etcd 3.4 serves clients only from then on.</summary>
    public bool IsReady { get; private set; }

    public bool IsStopped => _stopped;

    public PeerView View => new(MemberId, ClusterId, KnownMembers.ToArray(), State.Removed);

    private bool IsKnownMember(ulong id) =>
        State.Members.ContainsKey(id) || (State.Members.Count == 0 && _joinMembers is not null && _joinMembers.Any(m => m.Id == id));

    private IEnumerable<Member> KnownMembers => State.Members.Count == 0 && _joinMembers is not null ? _joinMembers : State.Members.Values;

    private long Now => _host.NowMicros;

    private bool SelfIsLearner => State.Members.TryGetValue(MemberId, out var m) && m.IsLearner;

    /// <summary>The next instant at which <see cref="OnTimer"/> has work.</summary>
    public long NextTimerAt
    {
        get
        {
            if (_stopped) return long.MaxValue;
            var t = Math.Min(Math.Min(_raft.NextDeadline, _versionCheckAt), Math.Min(_publishRetryAt, Math.Min(_stopAt, _adjustTicksAt)));
            if (_waits.Count != 0)
                foreach (var w in _waits.Values) t = Math.Min(t, w.DeadlineMicros);
            if (_reads.Count != 0)
                foreach (var r in _reads.Values) t = Math.Min(t, r.Index is null ? Math.Min(r.Deadline, r.IssuedAt + ReadRetryMicros) : r.Deadline);
            if (_forwardedPromotes.Count != 0)
                foreach (var f in _forwardedPromotes.Values) t = Math.Min(t, f.Deadline);
            return t;
        }
    }

    // ---- inputs -------------------------------------------------------------------------------------

    public void OnTimer()
    {
        if (_stopped) return;
        var now = Now;
        if (now >= _stopAt)
        {
            Stop(0, EtcdErrors.MemberRemovedText, logRemoved: true);
            return;
        }
        if (now >= _adjustTicksAt) AdjustTicks(now);
        if (now >= _versionCheckAt) MonitorVersions(now);
        _raft.OnTimer();
        ExpireRequests(now);
        RetryReads(now, force: false);
        if (now >= _publishRetryAt && !IsReady) Publish();
        Process();
    }

    private int ElectionTicks => Math.Max(1, Config.ElectionMs / Math.Max(1, Config.HeartbeatMs));

    /// <summary>etcd's monitorVersionInterval: rafthttp's ConnWriteTimeout less a second.</summary>
    private const long MonitorVersionIntervalMicros = 4_000_000;

    /// <summary>etcd's MinClusterVersion, what a leader sets while some member does not answer.</summary>
    private const string MinClusterVersion = "3.0";

    /// <summary>This etcd's major.minor version.</summary>
    private const string ServerClusterVersion = "3.4";

    /// <summary>
    /// etcd's monitorVersions, run 4 s after the previous run or when the member applies the empty
    /// entry a new leader commits first in its term: the leader asks every member's peer URLs for
    /// its version. While the cluster version is undecided it proposes the decided version, or 3.0
    /// when some member does not answer (a member that starts after the leader's first commit);
    /// later it raises 3.0 to 3.4 once every member answers. Each proposal is a raft entry, which
    /// is why a fresh cluster sits at index 8 (or 9, when it went through 3.0).
    /// </summary>
    private void MonitorVersions(long now)
    {
        _versionCheckAt = now + MonitorVersionIntervalMicros;
        if (_raft.Role != RaftRole.Leader) return;
        var allAnswer = State.Members.Values.All(m => m.Id == MemberId || m.PeerUrls.Any(_host.PeerServes));
        var decided = allAnswer ? ServerClusterVersion : null;
        if (State.ClusterVersion is null) ProposeClusterVersion(decided ?? MinClusterVersion);
        else if (decided is not null && string.CompareOrdinal(decided, State.ClusterVersion) > 0) ProposeClusterVersion(decided);
    }

    private void ProposeClusterVersion(string version)
    {
        var id = NewRequestId();
        Propose(EntryType.Normal, new ClusterVersionRequest(id, version), id, long.MaxValue, _ => { });
    }

    /// <summary>How often etcd's adjustTicks looks for active peers after a start.</summary>
    private const long AdjustTicksPollMicros = 50_000;

    /// <summary>
    /// etcd's adjustTicks: every 50 ms, for up to rafthttp's ConnReadTimeout after the start, it
    /// counts the active peers; once more than one is connected, a fresh start skips all but two
    /// ticks of the first election timeout, so that the first campaign follows the peer connections
    /// instead of a full timeout.
    /// </summary>
    private void AdjustTicks(long now)
    {
        if (_activeSince.Count > 1)
        {
            _adjustTicksAt = long.MaxValue;
            _raft.AdvanceTicks(ElectionTicks - 2);
            return;
        }
        _adjustTicksAt = now + AdjustTicksPollMicros <= _adjustTicksUntil ? now + AdjustTicksPollMicros : long.MaxValue;
    }

    public void OnResume(long pausedMicros)
    {
        if (_stopped) return;
        _raft.ShiftTime(pausedMicros);
        Process();
    }

    /// <summary>A message from a peer arrives; the rafthttp handler's checks come first.</summary>
    public void OnPeerMessage(PeerEnvelope env)
    {
        if (_stopped) return;
        if (env.ClusterId != ClusterId)
        {
            _host.Log(MemberLogKind.ClusterIdMismatch, EtcdErrors.ClusterIdMismatchReceived(env.ClusterId, ClusterId));
            _host.RejectPeer(env, new PeerRejection(PeerRejectionKind.ClusterIdMismatch, env.To, ClusterId));
            return;
        }
        if (State.Removed.Contains(env.From))
        {
            _host.Log(MemberLogKind.RemovedPeerRejected, EtcdErrors.RemovedPeerRejected(env.From));
            _host.RejectPeer(env, new PeerRejection(PeerRejectionKind.Removed, env.To, ClusterId));
            return;
        }
        // "streaming request ignored (ID mismatch)" (412): dropped.
        if (env.To != MemberId) return;
        // A sender this member does not know yet (added while it was cut off) has its streams refused
        // ("failed to find remote peer in cluster", 404), but rafthttp's pipeline handler takes raft
        // messages from any member of the cluster that was not removed: that is how a member that
        // fell behind catches up and learns, from the entries themselves, the members added meanwhile.
        if (!IsKnownMember(env.From) && env.Payload is not RaftMessage) return;

        switch (env.Payload)
        {
            case RaftMessage m:
                _raft.Step(m);
                break;
            case PromoteForward f:
                HandleForwardedPromote(env.From, f);
                break;
            case PromoteForwardReply r:
                if (_forwardedPromotes.Remove(r.RequestId, out var pending)) pending.Reply(r.Result);
                break;
        }
        Process();
    }

    /// <summary>A peer refused what this member sent.</summary>
    public void OnPeerRejected(PeerRejection rejection)
    {
        if (_stopped) return;
        switch (rejection.Kind)
        {
            case PeerRejectionKind.ClusterIdMismatch:
                _host.Log(MemberLogKind.ClusterIdMismatch, EtcdErrors.ClusterIdMismatchSent(rejection.AddressedMember, rejection.ReceiverClusterId, ClusterId));
                break;
            case PeerRejectionKind.Removed:
                // rafthttp's streamReader.dial: 410 → reportCriticalError(errMemberRemoved); the peer
                // status logs the failed dial only when it turns an active peer inactive. etcd then
                // stops and exits 0.
                if (_stopped) return;
                string? dialFailed = null;
                if (_activeSince.ContainsKey(rejection.AddressedMember) || _closedStreams.Contains(rejection.AddressedMember))
                {
                    dialFailed = EtcdErrors.RemovedDialFailed(rejection.AddressedMember);
                    _host.Log(MemberLogKind.MemberRemoved, dialFailed);
                }
                _host.Log(MemberLogKind.MemberRemoved, EtcdErrors.MemberRemovedText);
                // The Docker lab reports the first line that says why the process ended.
                Stop(0, dialFailed ?? EtcdErrors.MemberRemovedText, logRemoved: false);
                break;
        }
    }

    /// <summary>A peer closed the streams this member dialed to it (it removed this member, or went
    /// away): rafthttp's stream reader sees EOF and dials again at once.</summary>
    public void OnPeerStreamClosed(ulong peer)
    {
        if (_stopped) return;
        if (_activeSince.ContainsKey(peer)) _closedStreams.Add(peer);
        Dial(peer);
    }

    /// <summary>The network's news about which peers this member is connected to, and since when.</summary>
    public void OnConnectivity(IReadOnlyDictionary<ulong, long> activeSince, IReadOnlyCollection<ulong> reachable)
    {
        if (_stopped) return;
        _activeSince.Clear();
        foreach (var (id, since) in activeSince) _activeSince[id] = since;
        foreach (var id in reachable)
            if (_reachable.Add(id)) Dial(id); // rafthttp keeps redialing until a stream connects
        _reachable.RemoveWhere(id => !reachable.Contains(id));
    }

    private void Dial(ulong peer)
    {
        if (peer != MemberId) _host.SendPeer(new PeerEnvelope(MemberId, ClusterId, peer, StreamDial.Instance));
    }

    /// <summary>Graceful stop (SIGTERM): a leader first hands leadership to the best connected voter.</summary>
    public bool BeginGracefulStop()
    {
        if (_stopped || _raft.Role != RaftRole.Leader) return false;
        var best = _raft.Voters.Where(v => v != MemberId && _activeSince.ContainsKey(v))
            .OrderByDescending(v => _raft.MatchOf(v) ?? 0).ThenBy(v => v).FirstOrDefault();
        if (best == 0) return false;
        _raft.TransferLeadership(best);
        Process();
        return true;
    }

    private void Stop(int exitCode, string error, bool logRemoved)
    {
        if (_stopped) return;
        _stopped = true;
        if (logRemoved) _host.Log(MemberLogKind.MemberRemoved, error);
        _host.Exit(exitCode, error);
    }

    // ---- the ready loop ---------------------------------------------------------------------------

    /// <summary>etcd's raftNode ready loop: load snapshots, apply committed entries, answer reads, send messages.</summary>
    private void Process()
    {
        // Re-entrant calls (a reply that proposes again) leave the work to the loop already running.
        if (_processing) return;
        _processing = true;
        try
        {
            ProcessLoop();
        }
        finally
        {
            _processing = false;
        }
    }

    private void ProcessLoop()
    {
        for (var round = 0; round < 1000 && !_stopped; round++)
        {
            var progressed = false;
            if (_raft.SnapshotToApply is { } snap)
            {
                ApplySnapshot(snap);
                progressed = true;
            }
            while (!_stopped && _raft.Log.HasNextEntries)
            {
                var next = _raft.Log.Applied + 1;
                var entry = _raft.Log.EntryAt(next);
                Apply(entry);
                _raft.AppliedTo(next);
                progressed = true;
            }
            if (_stopped) return;
            if (_raft.HasReadStates)
            {
                foreach (var rs in _raft.TakeReadStates())
                    if (_reads.TryGetValue(rs.Context, out var read)) read.Index = rs.Index;
                progressed = true;
            }
            ServeReads();
            if (_raft.HasMessages)
            {
                var messages = _raft.TakeMessages();
                foreach (var m in messages)
                {
                    _host.SendPeer(new PeerEnvelope(MemberId, ClusterId, m.To, m));
                    // etcd reports a snapshot as sent once its HTTP POST finishes; the simulated
                    // wire takes it at once.
                    if (m.Type == RaftMessageType.Snap) _raft.ReportSnapshotSent(m.To);
                }
                _raft.ReturnMessageList(messages);
                // Sending alone changes nothing raft would react to, unless a snapshot report did.
                if (_raft.HasMessages) progressed = true;
            }
            if (_raft.Role == RaftRole.Leader && _lastLeaderTerm != _raft.Term)
            {
                _lastLeaderTerm = _raft.Term;
                _host.Monitor?.LeaderElected(ClusterId, MemberId, _raft.Term);
            }
            if (_raft.Lead != _lastLead)
            {
                _lastLead = _raft.Lead;
                if (_lastLead != RaftNode.None) OnLeaderKnown();
                progressed = true;
            }
            if (!progressed) break;
        }
        MaybeSnapshot();
    }

    /// <summary>
    /// Asks again for the read index of reads nobody answered: raft drops a ReadIndex when there is
    /// no leader, when the leader has not committed in its term yet, or when leadership changes
    /// while it waits. etcd 3.4 then fails the read with "leader changed" or, after its request
    /// timeout, "request timed out", and clientv3 retries such reads until the client's deadline;
    /// asking again models that retry.
    /// </summary>
    private void RetryReads(long now, bool force)
    {
        if (_reads.Count == 0) return;
        foreach (var (ctx, read) in _reads)
        {
            if (read.Index is not null || (!force && now < read.IssuedAt + ReadRetryMicros)) continue;
            read.IssuedAt = now;
            _raft.ReadIndex(ctx);
        }
    }

    private long ReadRetryMicros => 1000L * Config.ElectionMs;

    private void OnLeaderKnown()
    {
        RetryReads(Now, force: true);
        // Proposals blocked in raft's propc while there was no leader go through now.
        var blocked = _blocked.ToArray();
        _blocked.Clear();
        foreach (var (type, data, id) in blocked) ProposeNow(type, data, id);
        var promotes = _promotesToForward.ToArray();
        _promotesToForward.Clear();
        foreach (var (op, reply, id) in promotes) ForwardPromote(op, reply, id);
    }

    private void MaybeSnapshot()
    {
        var applied = _raft.Log.Applied;
        if (applied - _lastSnapshotIndex <= _options.SnapshotCountEntries) return;
        _lastSnapshotIndex = applied;
        _raft.Log.Compact(new RaftSnapshot(applied, _raft.Log.Term(applied) ?? 0, State.Conf, State.Frozen()));
    }

    private void ExpireRequests(long now)
    {
        if (_waits.Count == 0 && _reads.Count == 0 && _forwardedPromotes.Count == 0 && _held.Count == 0) return;
        Expire(_waits, now, w => w.DeadlineMicros, (id, w) =>
        {
            _blocked.RemoveAll(b => b.RequestId == id);
            w.OnApplied(EtcdErrors.RequestTimedOut);
        });
        Expire(_reads, now, r => r.Deadline, (_, r) => r.Reply(EtcdErrors.RequestTimedOut));
        Expire(_forwardedPromotes, now, f => f.Deadline, (_, f) => f.Reply(EtcdErrors.RequestTimedOut));
        if (_held.Count != 0) _held.RemoveAll(h => h.Op.DeadlineMicros <= now);
    }

    /// <summary>Removes the requests whose deadline has come and tells each it timed out.</summary>
    private static void Expire<T>(Dictionary<ulong, T> pending, long now, Func<T, long> deadline, Action<ulong, T> expired)
    {
        if (pending.Count == 0) return;
        List<ulong>? due = null;
        foreach (var (id, p) in pending)
            if (deadline(p) <= now) (due ??= []).Add(id);
        if (due is null) return;
        foreach (var id in due)
            if (pending.Remove(id, out var p)) expired(id, p);
    }

    // ---- proposals --------------------------------------------------------------------------------

    private ulong NewRequestId() => _rng.NextUInt64() | 1;

    /// <summary>Proposes through raft and calls <paramref name="onApplied"/> with the apply result or a timeout error.</summary>
    private void Propose(EntryType type, object data, ulong requestId, long clientDeadline, Action<object> onApplied)
    {
        var deadline = Math.Min(clientDeadline, Now + Config.RequestTimeoutMicros);
        _waits[requestId] = new PendingWait(onApplied, deadline);
        if (_raft.Lead == RaftNode.None) _blocked.Add((type, data, requestId));
        else ProposeNow(type, data, requestId);
        Process();
    }

    private void ProposeNow(EntryType type, object data, ulong requestId)
    {
        if (_raft.Propose(type, data)) return;
        if (_waits.Remove(requestId, out var w)) w.OnApplied(EtcdErrors.ProposalDropped);
    }

    private void Publish()
    {
        if (_publishRequest != 0)
        {
            _waits.Remove(_publishRequest);
            _blocked.RemoveAll(b => b.RequestId == _publishRequest);
        }
        _publishRequest = NewRequestId();
        _publishRetryAt = Now + Config.RequestTimeoutMicros;
        var request = new PublishRequest(_publishRequest, MemberId, Config.Name, Config.AdvertiseClientUrls);
        Propose(EntryType.Normal, request, _publishRequest, long.MaxValue, _ => { });
    }

    private void BecomeReady()
    {
        if (IsReady) return;
        IsReady = true;
        _publishRetryAt = long.MaxValue;
        var held = _held.ToArray();
        _held.Clear();
        foreach (var (op, reply) in held) HandleClient(op, reply);
    }
}
