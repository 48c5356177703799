using EtcdLab.Core.Identity;
using EtcdLab.Core.Targets;
using EtcdLab.Sim.Raft;

namespace EtcdLab.Sim.Server;

internal sealed partial class EtcdServer
{
    private ResponseHeader Header => new(ClusterId, MemberId, State.Revision, _raft.Term);

    /// <summary>
    /// One client RPC. <paramref name="reply"/> receives a reply record of core's Targets namespace,
    /// a <see cref="SnapshotFile"/>, or an <see cref="RpcError"/>; it is never called when the
    /// client's deadline passes first.
    /// </summary>
    public void HandleClient(ClientOp op, Action<object> reply)
    {
        if (_stopped || op.DeadlineMicros <= Now) return;
        if (!IsReady)
        {
            // etcd 3.4's gRPC server waits for ReadyNotify before it serves anything.
            _held.Add((op, reply));
            return;
        }
        if (SelfIsLearner && op is not (StatusOp or SnapshotOp or RangeOp { Serializable: true }))
        {
            reply(EtcdErrors.NotSupportedForLearner);
            return;
        }
        switch (op)
        {
            case MemberListOp:
                reply(new MemberListReply(Header, MembersSorted()));
                break;
            case StatusOp:
                reply(Status());
                break;
            case SnapshotOp:
                reply(new SnapshotFile(State.Frozen(), State.DbSizeBytes, HasHash: true));
                break;
            case RangeOp range:
                Range(range, reply);
                break;
            case PutOp put:
            {
                var id = NewRequestId();
                Propose(EntryType.Normal, new PutRequest(id, put.Key, put.Value), id, op.DeadlineMicros, result =>
                    reply(result is long rev ? new PutReply(Header with { Revision = rev }) : result));
                break;
            }
            case MemberAddOp add:
                MemberAdd(add, reply);
                break;
            case MemberRemoveOp remove:
                MemberRemove(remove, reply);
                break;
            case MemberUpdateOp update:
            {
                var id = NewRequestId();
                var member = new Member(update.MemberId, "", update.PeerUrls.ToArray(), [], false, false);
                var cc = new ConfChange(id, ConfChangeType.UpdateNode, update.MemberId, new MemberContext(member, false));
                Propose(EntryType.ConfChange, cc, id, op.DeadlineMicros, result => reply(MembersReply(result)));
                break;
            }
            case MemberPromoteOp promote:
                MemberPromote(promote, reply);
                break;
        }
    }

    private object MembersReply(object result) => result is IReadOnlyList<MemberInfo> members ? new MemberListReply(Header, members) : result;

    /// <summary>Maintenance Status as <c>etcdctl endpoint status</c> prints it.</summary>
    public StatusReply Status() => new(
        Header,
        "3.4.23",
        State.DbSizeBytes,
        _raft.Lead,
        _raft.Log.Committed,
        _appliedTerm,
        _raft.Log.Applied,
        _raft.Lead == RaftNode.None ? [EtcdErrors.NoLeader] : [],
        SelfIsLearner);

    /// <summary>The member list this member shows, sorted by ID.</summary>
    public IReadOnlyList<MemberInfo> Members => MembersSorted();

    private void Range(RangeOp op, Action<object> reply)
    {
        object Read()
        {
            IEnumerable<KeyValuePair<string, KvRecord>> kvs;
            if (op.RangeEnd is null)
                kvs = State.Kv.TryGetValue(op.Key, out var one) ? [new(op.Key, one)] : [];
            else if (op.RangeEnd == "\0")
                kvs = State.Kv.All.Where(kv => string.CompareOrdinal(kv.Key, op.Key) >= 0);
            else
                kvs = State.Kv.All.Where(kv => string.CompareOrdinal(kv.Key, op.Key) >= 0 && string.CompareOrdinal(kv.Key, op.RangeEnd) < 0);
            var list = kvs.Select(kv => new KeyValue(kv.Key, kv.Value.Value, kv.Value.CreateRevision, kv.Value.ModRevision, kv.Value.Version)).ToArray();
            return new RangeReply(Header, list);
        }

        if (op.Serializable)
        {
            reply(Read());
            return;
        }
        // Linearizable: ReadIndex through the leader, then wait until the applied index reaches it.
        var ctx = NewRequestId();
        _reads[ctx] = new PendingRead(reply, Read, op.DeadlineMicros, Now);
        _raft.ReadIndex(ctx);
        Process();
    }

    private void ServeReads()
    {
        if (_reads.Count == 0) return;
        List<ulong>? done = null;
        foreach (var (ctx, read) in _reads)
            if (read.Index is { } index && _raft.Log.Applied >= index) (done ??= []).Add(ctx);
        if (done is null) return;
        foreach (var ctx in done)
        {
            _reads.Remove(ctx, out var read);
            read!.Reply(read.Read());
        }
    }

    // ---- membership ---------------------------------------------------------------------------------

    private void MemberAdd(MemberAddOp op, Action<object> reply)
    {
        // v3rpc MemberAdd: NewMember("", urls, "", &now) — no token, the add time mixed in.
        var id = EtcdIds.MemberId(op.PeerUrls, "", _host.UnixSeconds);
        var member = new Member(id, "", op.PeerUrls.ToArray(), [], op.IsLearner, false);
        if (MayAddMember(member) is { } rejected)
        {
            reply(rejected);
            return;
        }
        var requestId = NewRequestId();
        var cc = new ConfChange(requestId, op.IsLearner ? ConfChangeType.AddLearnerNode : ConfChangeType.AddNode, id, new MemberContext(member, false));
        Propose(EntryType.ConfChange, cc, requestId, op.DeadlineMicros, result =>
            reply(result is IReadOnlyList<MemberInfo> members ? new MemberAddReply(Header, member.ToInfo(), members) : result));
    }

    private void MemberRemove(MemberRemoveOp op, Action<object> reply)
    {
        if (MayRemoveMember(op.MemberId) is { } rejected)
        {
            reply(rejected);
            return;
        }
        var requestId = NewRequestId();
        var cc = new ConfChange(requestId, ConfChangeType.RemoveNode, op.MemberId, null);
        Propose(EntryType.ConfChange, cc, requestId, op.DeadlineMicros, result => reply(MembersReply(result)));
    }

    private void MemberPromote(MemberPromoteOp op, Action<object> reply)
    {
        if (_raft.Role == RaftRole.Leader)
        {
            PromoteAsLeader(op.MemberId, op.DeadlineMicros, reply);
            return;
        }
        // Only the leader knows whether the learner is in sync: forward over peer HTTP.
        var requestId = NewRequestId();
        if (_raft.Lead == RaftNode.None) _promotesToForward.Add((op, reply, requestId));
        else ForwardPromote(op, reply, requestId);
    }

    private void ForwardPromote(MemberPromoteOp op, Action<object> reply, ulong requestId)
    {
        _forwardedPromotes[requestId] = (reply, Math.Min(op.DeadlineMicros, Now + Config.RequestTimeoutMicros));
        _host.SendPeer(new PeerEnvelope(MemberId, ClusterId, _raft.Lead, new PromoteForward(requestId, op.MemberId)));
    }

    private void HandleForwardedPromote(ulong from, PromoteForward f)
    {
        void Answer(object result) => _host.SendPeer(new PeerEnvelope(MemberId, ClusterId, from, new PromoteForwardReply(f.RequestId, result)));
        if (_raft.Role != RaftRole.Leader) return; // the forwarder retries until its deadline
        PromoteAsLeader(f.MemberId, Now + Config.RequestTimeoutMicros, Answer);
    }

    private void PromoteAsLeader(ulong memberId, long deadline, Action<object> reply)
    {
        if (MayPromoteMember(memberId) is { } rejected)
        {
            reply(rejected);
            return;
        }
        var requestId = NewRequestId();
        var ctx = new MemberContext(new Member(memberId, "", [], [], false, false), IsPromote: true);
        var cc = new ConfChange(requestId, ConfChangeType.AddNode, memberId, ctx);
        Propose(EntryType.ConfChange, cc, requestId, deadline, result => reply(MembersReply(result)));
    }

    // ---- strict reconfiguration checks (behaviour-3.4.md §1.2) ---------------------------------------

    private bool ConnectedSince(ulong id, long since) =>
        id == MemberId || (_activeSince.TryGetValue(id, out var t) && t <= since);

    private int NumConnectedSince(long since, IEnumerable<Member> members) => members.Count(m => ConnectedSince(m.Id, since));

    private RpcError? MayAddMember(Member member)
    {
        if (!Config.StrictReconfigCheck) return null;
        if (!member.IsLearner && !IsReadyToAddVotingMember()) return EtcdErrors.NotEnoughStartedMembers;
        var voting = State.VotingMembers.ToList();
        if (NumConnectedSince(Now - HealthIntervalMicros, voting) != voting.Count) return EtcdErrors.Unhealthy;
        return null;
    }

    private bool IsReadyToAddVotingMember()
    {
        var nmembers = 1;
        var nstarted = 0;
        foreach (var m in State.VotingMembers)
        {
            if (m.IsStarted) nstarted++;
            nmembers++;
        }
        if (nstarted == 1 && nmembers == 2) return true;
        return nstarted >= nmembers / 2 + 1;
    }

    private RpcError? MayRemoveMember(ulong id)
    {
        if (!Config.StrictReconfigCheck) return null;
        if (State.Members.TryGetValue(id, out var target) && target.IsLearner) return null;
        var nmembers = 0;
        var nstarted = 0;
        foreach (var m in State.VotingMembers)
        {
            if (m.Id == id) continue;
            if (m.IsStarted) nstarted++;
            nmembers++;
        }
        if (nstarted < nmembers / 2 + 1) return EtcdErrors.NotEnoughStartedMembers;
        // A member that is down is safe to remove: it is not part of the active quorum.
        if (id != MemberId && !_activeSince.ContainsKey(id)) return null;
        var voting = State.VotingMembers.ToList();
        var active = NumConnectedSince(Now - HealthIntervalMicros, voting);
        if (active - 1 < 1 + (voting.Count - 1) / 2) return EtcdErrors.Unhealthy;
        return null;
    }

    private RpcError? MayPromoteMember(ulong id)
    {
        // isLearnerReady: the learner's match must reach 90% of the leader's.
        if (_raft.MatchOf(id) is { } learnerMatch && State.Members.TryGetValue(id, out var m) && m.IsLearner)
        {
            var leaderMatch = _raft.MatchOf(MemberId) ?? _raft.Log.LastIndex;
            if (learnerMatch < leaderMatch * 0.9) return EtcdErrors.LearnerNotReady;
        }
        if (!Config.StrictReconfigCheck) return null;
        var nmembers = 1;
        var nstarted = 1;
        foreach (var v in State.VotingMembers)
        {
            if (v.IsStarted) nstarted++;
            nmembers++;
        }
        return nstarted < nmembers / 2 + 1 ? EtcdErrors.NotEnoughStartedMembers : null;
    }
}
