using EtcdLab.Core.Targets;

namespace EtcdLab.Sim.Server;

/// <summary>etcd 3.4's own error texts (behaviour-3.4.md §1.3-1.7), with the gRPC codes clients see.</summary>
internal static class EtcdErrors
{
    public static RpcError MemberIdExists { get; } = new(RpcErrorCode.FailedPrecondition, "etcdserver: member ID already exist");
    public static RpcError PeerUrlExists { get; } = new(RpcErrorCode.FailedPrecondition, "etcdserver: Peer URLs already exists");
    public static RpcError MemberNotFound { get; } = new(RpcErrorCode.NotFound, "etcdserver: member not found");
    public static RpcError NotEnoughStartedMembers { get; } = new(RpcErrorCode.Unknown, "etcdserver: re-configuration failed due to not enough started members");
    public static RpcError Unhealthy { get; } = new(RpcErrorCode.Unavailable, "etcdserver: unhealthy cluster");
    public static RpcError MemberNotLearner { get; } = new(RpcErrorCode.FailedPrecondition, "etcdserver: can only promote a learner member");
    public static RpcError LearnerNotReady { get; } = new(RpcErrorCode.FailedPrecondition, "etcdserver: can only promote a learner member which is in sync with leader");
    public static RpcError TooManyLearners { get; } = new(RpcErrorCode.FailedPrecondition, "etcdserver: too many learner members in cluster");
    public static RpcError NotSupportedForLearner { get; } = new(RpcErrorCode.Unavailable, "etcdserver: rpc not supported for learner");
    public static RpcError RequestTimedOut { get; } = new(RpcErrorCode.Unavailable, "etcdserver: request timed out");
    public static RpcError ProposalDropped { get; } = new(RpcErrorCode.Unknown, "raft proposal dropped");

    public const string NoLeader = "etcdserver: no leader";
    public const string MemberRemovedText = "etcdserver: the member has been permanently removed from the cluster";

    public static string ClusterIdMismatchReceived(ulong got, ulong want) => $"rafthttp: request cluster ID mismatch (got {got:x} want {want:x})";

    public static string ClusterIdMismatchSent(ulong peer, ulong peerCid, ulong localCid) =>
        $"rafthttp: request sent was ignored (cluster ID mismatch: peer[{peer:x}]={peerCid:x}, local={localCid:x})";

    /// <summary>What a removed member's peer status logs when its redial is refused with 410 (rafthttp peer_status.go deactivate).</summary>
    public static string RemovedDialFailed(ulong peer) =>
        $"rafthttp: failed to dial {peer:x} on stream MsgApp v2 (the member has been permanently removed from the cluster)";

    public static string RemovedPeerRejected(ulong peer) => $"rafthttp: rejected the stream from peer {peer:x} since it was removed";
}
