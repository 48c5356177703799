namespace EtcdLab.Sim.Raft;

internal sealed partial class RaftNode
{
    /// <summary>Proposes one entry; false when raft drops it (no leader known, or a transfer is under way).</summary>
    public bool Propose(EntryType type, object? data) =>
        Step(new RaftMessage(RaftMessageType.Prop, Id, None, 0) { Entries = [new Entry(0, 0, type, data)] });

    /// <summary>Asks for a read index; the answer shows in <see cref="TakeReadStates"/> with the same context.</summary>
    public void ReadIndex(ulong context) =>
        Step(new RaftMessage(RaftMessageType.ReadIndex, Id, None, 0) { Context = context });

    /// <summary>Starts a leadership transfer to <paramref name="transferee"/> (etcd's MoveLeader on graceful stop).</summary>
    public void TransferLeadership(ulong transferee)
    {
        if (Role != RaftRole.Leader || transferee == Id || !_prs.TryGetValue(transferee, out var pr) || pr.IsLearner) return;
        if (_leadTransferee == transferee) return;
        _leadTransferee = transferee;
        _transferDeadline = Now + _timing.ElectionMicros;
        if (pr.Match == Log.LastIndex) SendTimeoutNow(transferee);
        else SendAppend(transferee);
    }

    /// <summary>The leader's report that a snapshot it sent has gone out (etcd's ReportSnapshot).</summary>
    public void ReportSnapshotSent(ulong to)
    {
        if (Role != RaftRole.Leader || !_prs.TryGetValue(to, out var pr) || pr.State != ProgressState.Snapshot) return;
        pr.BecomeProbe();
        // Wait for the follower's answer (or a heartbeat response) before probing again.
        pr.ProbeSent = true;
    }

    /// <summary>Handles one message from a peer or a local request; false when a proposal was dropped.</summary>
    public bool Step(RaftMessage m)
    {
        if (m.Term == 0)
        {
            // local message (proposal, read index)
        }
        else if (m.Term > Term)
        {
            if (m.Type == RaftMessageType.Vote)
            {
                var force = m.Context == CampaignTransfer;
                var inLease = Lead != None && ElectionElapsedTicks < _timing.ElectionTicks;
                // The leader lease of CheckQuorum: a peer that heard from a leader within the
                // election timeout ignores a higher-term vote.
                if (!force && inLease) return true;
            }
            if (m.Type is RaftMessageType.App or RaftMessageType.Heartbeat or RaftMessageType.Snap) BecomeFollower(m.Term, m.From);
            else BecomeFollower(m.Term, None);
        }
        else if (m.Term < Term)
        {
            // With CheckQuorum a stale leader must learn the new term, or it never steps down.
            if (m.Type is RaftMessageType.Heartbeat or RaftMessageType.App)
                Send(new RaftMessage(RaftMessageType.AppResp, Id, m.From, Term));
            return true;
        }

        switch (m.Type)
        {
            case RaftMessageType.Vote:
            {
                var canVote = Vote == m.From || (Vote == None && Lead == None);
                if (canVote && Log.IsUpToDate(m.Index, m.LogTerm))
                {
                    Send(new RaftMessage(RaftMessageType.VoteResp, Id, m.From, m.Term));
                    ResetElectionTimer();
                    Vote = m.From;
                }
                else
                {
                    Send(new RaftMessage(RaftMessageType.VoteResp, Id, m.From, Term) { Reject = true });
                }
                return true;
            }
            default:
                return Role switch
                {
                    RaftRole.Leader => StepLeader(m),
                    RaftRole.Candidate => StepCandidate(m),
                    _ => StepFollower(m),
                };
        }
    }

    private bool StepLeader(RaftMessage m)
    {
        switch (m.Type)
        {
            case RaftMessageType.Prop:
            {
                if (!_prs.ContainsKey(Id) || _leadTransferee != None) return false;
                var entries = m.Entries.ToList();
                for (var i = 0; i < entries.Count; i++)
                {
                    if (entries[i].Type != EntryType.ConfChange) continue;
                    if (_pendingConfIndex > Log.Applied)
                        entries[i] = new Entry(0, 0, EntryType.Normal, null); // one change at a time: the second becomes a no-op
                    else
                        _pendingConfIndex = Log.LastIndex + (ulong)i + 1;
                }
                AppendEntries(entries);
                BroadcastAppend();
                return true;
            }
            case RaftMessageType.ReadIndex:
            {
                if (Quorum > 1)
                {
                    // A leader serves reads only once it has committed an entry of its own term.
                    if ((Log.Term(Log.Committed) ?? 0) != Term) return true;
                    var status = new ReadIndexStatus(Log.Committed, m.From, m.Context);
                    if (_pendingReads.TryAdd(m.Context, status)) _readQueue.Add(m.Context);
                    BroadcastHeartbeat(m.Context);
                }
                else
                {
                    AnswerRead(m.From, Log.Committed, m.Context);
                }
                return true;
            }
        }

        if (!_prs.TryGetValue(m.From, out var pr)) return true;
        switch (m.Type)
        {
            case RaftMessageType.AppResp:
                pr.RecentActive = true;
                if (m.Reject)
                {
                    if (pr.MaybeDecrTo(m.Index, m.RejectHint))
                    {
                        if (pr.State == ProgressState.Replicate) pr.BecomeProbe();
                        SendAppend(m.From);
                    }
                }
                else
                {
                    var oldPaused = pr.IsPaused;
                    if (pr.MaybeUpdate(m.Index))
                    {
                        switch (pr.State)
                        {
                            case ProgressState.Probe:
                                pr.BecomeReplicate();
                                break;
                            case ProgressState.Snapshot when pr.Match >= pr.PendingSnapshot:
                                pr.BecomeProbe();
                                break;
                            case ProgressState.Replicate:
                                pr.FreeInflightsUpTo(m.Index);
                                break;
                        }
                        if (MaybeCommit()) BroadcastAppend();
                        else if (oldPaused) SendAppend(m.From);
                        while (SendAppend(m.From, sendIfEmpty: false))
                        {
                        }
                        if (m.From == _leadTransferee && pr.Match == Log.LastIndex) SendTimeoutNow(m.From);
                    }
                }
                return true;
            case RaftMessageType.HeartbeatResp:
            {
                pr.RecentActive = true;
                pr.ProbeSent = false;
                if (pr.State == ProgressState.Replicate && pr.InflightsFull) pr.FreeFirstInflight();
                if (pr.Match < Log.LastIndex) SendAppend(m.From);
                if (m.Context == 0 || !_pendingReads.TryGetValue(m.Context, out var rs)) return true;
                if (!pr.IsLearner) rs.Acks.Add(m.From);
                if (rs.Acks.Count + 1 < Quorum) return true;
                AdvanceReads(m.Context);
                return true;
            }
        }
        return true;
    }

    private void AdvanceReads(ulong context)
    {
        var upTo = _readQueue.IndexOf(context);
        if (upTo < 0) return;
        for (var i = 0; i <= upTo; i++)
        {
            var ctx = _readQueue[i];
            if (!_pendingReads.Remove(ctx, out var rs)) continue;
            AnswerRead(rs.From, rs.Index, rs.Context);
        }
        _readQueue.RemoveRange(0, upTo + 1);
    }

    private void AnswerRead(ulong from, ulong index, ulong context)
    {
        if (from == None || from == Id) _readStates.Add(new ReadState(index, context));
        else Send(new RaftMessage(RaftMessageType.ReadIndexResp, Id, from, Term) { Index = index, Context = context });
    }

    private bool StepCandidate(RaftMessage m)
    {
        switch (m.Type)
        {
            case RaftMessageType.Prop:
                return false;
            case RaftMessageType.App:
                BecomeFollower(m.Term, m.From);
                HandleAppendEntries(m);
                break;
            case RaftMessageType.Heartbeat:
                BecomeFollower(m.Term, m.From);
                HandleHeartbeat(m);
                break;
            case RaftMessageType.Snap:
                BecomeFollower(m.Term, m.From);
                HandleSnapshot(m);
                break;
            case RaftMessageType.VoteResp:
                switch (Poll(m.From, !m.Reject))
                {
                    case VoteResult.Won:
                        BecomeLeader();
                        BroadcastAppend();
                        break;
                    case VoteResult.Lost:
                        BecomeFollower(Term, None);
                        break;
                }
                break;
        }
        return true;
    }

    private bool StepFollower(RaftMessage m)
    {
        switch (m.Type)
        {
            case RaftMessageType.Prop:
                if (Lead == None) return false;
                Send(m with { From = Id, To = Lead });
                return true;
            case RaftMessageType.App:
                ResetElectionTimer();
                Lead = m.From;
                HandleAppendEntries(m);
                break;
            case RaftMessageType.Heartbeat:
                ResetElectionTimer();
                Lead = m.From;
                HandleHeartbeat(m);
                break;
            case RaftMessageType.Snap:
                ResetElectionTimer();
                Lead = m.From;
                HandleSnapshot(m);
                break;
            case RaftMessageType.TimeoutNow:
                if (Promotable) Campaign(transfer: true);
                break;
            case RaftMessageType.ReadIndex:
                if (Lead == None) return true; // etcd: "no leader at term %d; dropping index reading msg"
                Send(m with { From = Id, To = Lead });
                break;
            case RaftMessageType.ReadIndexResp:
                _readStates.Add(new ReadState(m.Index, m.Context));
                break;
        }
        return true;
    }

    // ---- follower handlers ------------------------------------------------------------------------

    private void HandleAppendEntries(RaftMessage m)
    {
        if (m.Index < Log.Committed)
        {
            Send(new RaftMessage(RaftMessageType.AppResp, Id, m.From, Term) { Index = Log.Committed });
            return;
        }
        if (Log.MaybeAppend(m.Index, m.LogTerm, m.Commit, m.Entries) is { } lastNew)
            Send(new RaftMessage(RaftMessageType.AppResp, Id, m.From, Term) { Index = lastNew });
        else
            Send(new RaftMessage(RaftMessageType.AppResp, Id, m.From, Term) { Index = m.Index, Reject = true, RejectHint = Log.LastIndex });
    }

    private void HandleHeartbeat(RaftMessage m)
    {
        // Panics when the leader believes this member holds entries it does not have.
        Log.CommitTo(m.Commit);
        Send(new RaftMessage(RaftMessageType.HeartbeatResp, Id, m.From, Term) { Context = m.Context });
    }

    private void HandleSnapshot(RaftMessage m)
    {
        var snap = m.Snapshot!;
        if (RestoreSnapshot(snap))
            Send(new RaftMessage(RaftMessageType.AppResp, Id, m.From, Term) { Index = Log.LastIndex });
        else
            Send(new RaftMessage(RaftMessageType.AppResp, Id, m.From, Term) { Index = Log.Committed });
    }

    private bool RestoreSnapshot(RaftSnapshot snap)
    {
        if (snap.Index <= Log.Committed) return false;
        if (Log.MatchTerm(snap.Index, snap.Term))
        {
            Log.CommitTo(snap.Index);
            return false;
        }
        Log.Restore(snap);
        SetConf(snap.ConfState);
        SnapshotToApply = snap;
        return true;
    }

    // ---- leader helpers ---------------------------------------------------------------------------

    private void AppendEntries(List<Entry> entries)
    {
        var li = Log.LastIndex;
        for (var i = 0; i < entries.Count; i++) Log.AppendOne(entries[i] with { Term = Term, Index = li + 1 + (ulong)i });
        if (_prs.TryGetValue(Id, out var self)) self.MaybeUpdate(Log.LastIndex);
        MaybeCommit();
    }

    private bool MaybeCommit()
    {
        if (_voterCount == 0) return false;
        Span<ulong> matches = stackalloc ulong[_voterCount];
        var n = 0;
        foreach (var id in _ids)
        {
            var pr = _prs[id];
            if (!pr.IsLearner) matches[n++] = pr.Match;
        }
        matches.Sort();
        return Log.MaybeCommit(matches[_voterCount - Quorum], Term);
    }

    private bool CheckQuorumActive()
    {
        var active = 0;
        foreach (var id in _ids)
        {
            var pr = _prs[id];
            if (id == Id)
            {
                if (!pr.IsLearner) active++;
                continue;
            }
            if (pr.RecentActive && !pr.IsLearner) active++;
            pr.RecentActive = false;
        }
        return active >= Quorum;
    }

    private void BroadcastAppend()
    {
        foreach (var id in _ids)
            if (id != Id) SendAppend(id);
    }

    private void BroadcastHeartbeat(ulong context)
    {
        foreach (var id in _ids)
        {
            if (id == Id) continue;
            var pr = _prs[id];
            Send(new RaftMessage(RaftMessageType.Heartbeat, Id, id, Term) { Commit = Math.Min(pr.Match, Log.Committed), Context = context });
        }
    }

    private void SendTimeoutNow(ulong to) => Send(new RaftMessage(RaftMessageType.TimeoutNow, Id, to, Term));

    private bool SendAppend(ulong to, bool sendIfEmpty = true)
    {
        if (!_prs.TryGetValue(to, out var pr) || pr.IsPaused) return false;
        var term = Log.Term(pr.Next - 1);
        var entries = Log.EntriesFrom(pr.Next, MaxEntriesPerMessage);
        if (entries is { Count: 0 } && !sendIfEmpty) return false;
        if (term is null || entries is null)
        {
            if (!pr.RecentActive) return false;
            var snap = Log.Storage.Snapshot;
            pr.BecomeSnapshot(snap.Index);
            Send(new RaftMessage(RaftMessageType.Snap, Id, to, Term) { Snapshot = snap });
            return true;
        }
        Send(new RaftMessage(RaftMessageType.App, Id, to, Term) { Index = pr.Next - 1, LogTerm = term.Value, Entries = entries, Commit = Log.Committed });
        if (entries.Count != 0)
        {
            switch (pr.State)
            {
                case ProgressState.Replicate:
                    pr.OptimisticUpdate(entries[^1].Index);
                    break;
                case ProgressState.Probe:
                    pr.ProbeSent = true;
                    break;
            }
        }
        return true;
    }

    /// <summary>The server layer applied entries up to <paramref name="index"/>.</summary>
    public void AppliedTo(ulong index) => Log.AppliedTo(index);
}
