namespace EtcdLab.Core.Incidents.Import;

/// <summary>What a recognised line says, as far as membership and recovery incidents go.</summary>
public enum LineKind
{
    /// <summary>A member was added (<c>added member ... to cluster</c>, also from a snapshot restore; etcdctl's
    /// <c>Member ... added</c>; k3s's <c>Adding ... to etcd cluster</c>).</summary>
    MemberAdded,

    /// <summary>A member was removed.</summary>
    MemberRemoved,

    /// <summary>A member listed by <c>member list</c> (an output row).</summary>
    MemberListed,

    /// <summary>A leader was elected (or this member became leader).</summary>
    LeaderElected,

    /// <summary>A member lost its leader.</summary>
    LeaderLost,

    /// <summary>A member campaigned: a new election, a candidacy, a vote sent or received.</summary>
    Election,

    /// <summary>An endpoint's health or status as etcdctl printed it.</summary>
    EndpointReported,

    /// <summary>A member starting: version, name, data dir, initial cluster, its IDs, a flag from the environment.</summary>
    ServerStarting,

    /// <summary>A snapshot restored or recovered (<c>restoring snapshot</c>, <c>recovered store from snapshot</c>).</summary>
    SnapshotRestore,

    /// <summary>A service manager saw the process end or fail to start (systemd).</summary>
    ProcessExited,

    /// <summary><c>request cluster ID mismatch (got X want Y)</c>: the logging member's own cluster is Y.</summary>
    ClusterIdMismatch,

    /// <summary><c>streaming request ignored (ID mismatch got X want Y)</c>: a peer addressed this member (Y) by another ID.</summary>
    MemberIdMismatch,

    /// <summary><c>the member has been permanently removed from the cluster</c>.</summary>
    RemovedPermanently,

    /// <summary><c>rejected the stream from peer X since it was removed</c>.</summary>
    RejectedRemovedPeer,

    /// <summary><c>tocommit(N) is out of range [lastIndex(M)]</c>: the log is behind what the leader knows was committed.</summary>
    ToCommitOutOfRange,

    /// <summary><c>bind: cannot assign requested address</c>: the member's address is not on the host any more.</summary>
    CannotAssignAddress,

    /// <summary><c>etcdserver: unhealthy cluster</c>: a member add refused while the cluster lacks quorum headroom.</summary>
    UnhealthyCluster,

    /// <summary><c>not enough started members</c>: a reconfiguration refused by the strict reconfig check.</summary>
    NotEnoughStartedMembers,

    /// <summary><c>member count is unequal</c>: <c>--initial-cluster</c> disagrees with the cluster's membership.</summary>
    MemberCountUnequal,

    /// <summary><c>failed to publish local member</c> / <c>publish error</c>.</summary>
    PublishFailed,

    /// <summary><c>health check for peer X could not connect</c>: a peer is dialled at an address that does not answer.</summary>
    PeerUnreachable,
}
