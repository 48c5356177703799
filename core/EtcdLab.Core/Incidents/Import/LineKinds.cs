namespace EtcdLab.Core.Incidents.Import;

/// <summary>What the draft does with each <see cref="LineKind"/>: its name in comments, whether it is an
/// error a symptom is drafted from, and the text that symptom matches.</summary>
public static class LineKinds
{
    /// <summary>The kind as the draft's comments name it (<c>cluster-id-mismatch</c>).</summary>
    public static string Id(this LineKind kind) => kind switch
    {
        LineKind.MemberAdded => "member-added",
        LineKind.MemberRemoved => "member-removed",
        LineKind.MemberListed => "member-listed",
        LineKind.LeaderElected => "leader-elected",
        LineKind.LeaderLost => "leader-lost",
        LineKind.Election => "election",
        LineKind.EndpointReported => "endpoint-reported",
        LineKind.ServerStarting => "server-starting",
        LineKind.SnapshotRestore => "snapshot-restore",
        LineKind.ProcessExited => "process-exited",
        LineKind.ClusterIdMismatch => "cluster-id-mismatch",
        LineKind.MemberIdMismatch => "member-id-mismatch",
        LineKind.RemovedPermanently => "removed-permanently",
        LineKind.RejectedRemovedPeer => "rejected-removed-peer",
        LineKind.ToCommitOutOfRange => "tocommit-out-of-range",
        LineKind.CannotAssignAddress => "cannot-assign-address",
        LineKind.UnhealthyCluster => "unhealthy-cluster",
        LineKind.NotEnoughStartedMembers => "not-enough-started-members",
        LineKind.MemberCountUnequal => "member-count-unequal",
        LineKind.PublishFailed => "publish-failed",
        LineKind.PeerUnreachable => "peer-unreachable",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>True for the kinds that are the trouble an incident shows (a symptom is drafted from the last on each host).</summary>
    public static bool IsError(this LineKind kind) => SymptomText(kind, "") is not null;

    /// <summary>The text a symptom matches for an error kind (<c>*</c> for what varies), as <paramref name="line"/>
    /// words it where etcd versions differ; null for the other kinds.</summary>
    public static string? SymptomText(this LineKind kind, string line) => kind switch
    {
        LineKind.ClusterIdMismatch => "request cluster ID mismatch",
        LineKind.MemberIdMismatch => "streaming request ignored (ID mismatch",
        LineKind.RemovedPermanently => "the member has been permanently removed from the cluster",
        LineKind.RejectedRemovedPeer => "rejected the stream from peer * since it was removed",
        LineKind.ToCommitOutOfRange => "tocommit(*) is out of range [lastIndex(*)]",
        LineKind.CannotAssignAddress => "bind: cannot assign requested address",
        LineKind.UnhealthyCluster => "etcdserver: unhealthy cluster",
        LineKind.NotEnoughStartedMembers => "not enough started members",
        LineKind.MemberCountUnequal => "member count is unequal",
        LineKind.PublishFailed => line.Contains("publish error", StringComparison.Ordinal) ? "publish error" : "failed to publish local member",
        LineKind.PeerUnreachable => "health check for peer * could not connect",
        _ => null,
    };
}
