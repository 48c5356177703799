using EtcdLab.Core.Targets;
using EtcdLab.Sim.Raft;

namespace EtcdLab.Sim.Server;

internal sealed partial class EtcdServer
{
    /// <summary>The term of the last entry applied: what etcd's Status reports as its raft term
    /// (etcdserver sets it as it applies, so a follower that keeps campaigning still shows its old term).</summary>
    private ulong _appliedTerm;

    private void ApplySnapshot(RaftSnapshot snap)
    {
        _appliedTerm = snap.Term;
        var data = (ServerState)snap.Data!;
        _dir.State = data with { AppliedIndex = snap.Index, Conf = snap.ConfState };
        _raft.SnapshotApplied();
        _lastSnapshotIndex = snap.Index;
        _host.ViewChanged();
    }

    /// <summary>Applies one committed entry to the backend and membership, then wakes whoever waits for it.</summary>
    private void Apply(Entry e)
    {
        _appliedTerm = e.Term;
        object result = e.Index;
        ulong requestId = 0;
        switch (e.Type)
        {
            case EntryType.Normal when e.Data is PutRequest put:
                requestId = put.RequestId;
                _dir.State = State.Put(put.Key, put.Value);
                result = State.Revision;
                break;
            case EntryType.Normal when e.Data is PublishRequest publish:
                requestId = publish.RequestId;
                if (State.Members.TryGetValue(publish.MemberId, out var m))
                {
                    _dir.State = State with
                    {
                        Members = State.Members.SetItem(m.Id, m with { Name = publish.Name, ClientUrls = publish.ClientUrls, Published = true }),
                    };
                    _host.ViewChanged(); // GET /members on the peer port shows the new attributes

                }
                break;
            case EntryType.Normal when e.Data is ClusterVersionRequest version:
                requestId = version.RequestId;
                _dir.State = State with { ClusterVersion = version.Version };
                break;
            case EntryType.Normal when e.Data is null:
                // The empty entry a new leader appends: etcd's notifyAboutFirstCommitInTerm wakes the
                // version monitor, which acts only on the leader.
                _versionCheckAt = Now;
                break;
            case EntryType.ConfChange when e.Data is ConfChange cc:
                requestId = cc.Id;
                result = ApplyConfChange(cc);
                break;
        }
        _dir.State = State with { AppliedIndex = e.Index };
        _host.Monitor?.Applied(ClusterId, MemberId, e.Index, e.Term, e.Data);
        // The publish of this start is applied: etcd closes readych and starts serving clients.
        if (e.Data is PublishRequest p && p.RequestId == _publishRequest && p.MemberId == MemberId) BecomeReady();
        if (requestId != 0 && _waits.Remove(requestId, out var wait)) wait.OnApplied(result);
    }

    /// <summary>applyConfChange: validate against the membership, apply to raft, update the store.</summary>
    private object ApplyConfChange(ConfChange cc)
    {
        if (ValidateConfChange(cc) is { } invalid)
        {
            // etcd applies an invalid change as a no-op (cc.NodeID = raft.None).
            _raft.ApplyConfChange(cc with { NodeId = RaftNode.None });
            return invalid;
        }
        var conf = _raft.ApplyConfChange(cc);
        var members = State.Members;
        var removed = State.Removed;
        var ctx = cc.Context as MemberContext;
        var dialNew = false;
        switch (cc.Type)
        {
            case ConfChangeType.AddNode or ConfChangeType.AddLearnerNode when ctx is { IsPromote: true }:
                members = members.SetItem(cc.NodeId, members[cc.NodeId] with { IsLearner = false });
                break;
            case ConfChangeType.AddNode or ConfChangeType.AddLearnerNode:
                members = members.SetItem(cc.NodeId, ctx!.Member with { Id = cc.NodeId, IsLearner = cc.Type == ConfChangeType.AddLearnerNode });
                dialNew = true;
                break;
            case ConfChangeType.RemoveNode:
                members = members.Remove(cc.NodeId);
                removed = removed.Add(cc.NodeId);
                break;
            case ConfChangeType.UpdateNode:
                members = members.SetItem(cc.NodeId, members[cc.NodeId] with { PeerUrls = ctx!.Member.PeerUrls });
                dialNew = true;
                break;
        }
        _dir.State = State with { Members = members, Removed = removed, Conf = conf };
        _host.ViewChanged();
        if (dialNew) Dial(cc.NodeId);
        if (cc.Type == ConfChangeType.RemoveNode && cc.NodeId == MemberId)
        {
            // etcd: stopWithDelay(10 ticks, "the member has been permanently removed from the cluster")
            _stopAt = Math.Min(_stopAt, Now + 10L * Config.HeartbeatMs * 1000);
        }
        return MembersSorted();
    }

    /// <summary>RaftCluster.ValidateConfigurationChange at apply time.</summary>
    private RpcError? ValidateConfChange(ConfChange cc)
    {
        var members = State.Members;
        if (State.Removed.Contains(cc.NodeId)) return EtcdErrors.MemberNotFound;
        var ctx = cc.Context as MemberContext;
        switch (cc.Type)
        {
            case ConfChangeType.AddNode or ConfChangeType.AddLearnerNode when ctx is { IsPromote: true }:
                if (!members.TryGetValue(cc.NodeId, out var learner)) return EtcdErrors.MemberNotFound;
                if (!learner.IsLearner) return EtcdErrors.MemberNotLearner;
                break;
            case ConfChangeType.AddNode or ConfChangeType.AddLearnerNode:
                if (members.ContainsKey(cc.NodeId)) return EtcdErrors.MemberIdExists;
                var urls = members.Values.SelectMany(m => m.PeerUrls).ToHashSet(StringComparer.Ordinal);
                if (ctx!.Member.PeerUrls.Any(urls.Contains)) return EtcdErrors.PeerUrlExists;
                if (cc.Type == ConfChangeType.AddLearnerNode && members.Values.Count(m => m.IsLearner) + 1 > 1) return EtcdErrors.TooManyLearners;
                break;
            case ConfChangeType.RemoveNode:
                if (!members.ContainsKey(cc.NodeId)) return EtcdErrors.MemberNotFound;
                break;
            case ConfChangeType.UpdateNode:
                if (!members.ContainsKey(cc.NodeId)) return EtcdErrors.MemberNotFound;
                var others = members.Values.Where(m => m.Id != cc.NodeId).SelectMany(m => m.PeerUrls).ToHashSet(StringComparer.Ordinal);
                if (ctx!.Member.PeerUrls.Any(others.Contains)) return EtcdErrors.PeerUrlExists;
                break;
        }
        return null;
    }

    private IReadOnlyList<MemberInfo> MembersSorted() => KnownMembers.OrderBy(m => m.Id).Select(m => m.ToInfo()).ToArray();
}
