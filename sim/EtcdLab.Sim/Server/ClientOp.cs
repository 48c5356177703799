namespace EtcdLab.Sim.Server;

/// <summary>
/// A client RPC as it reaches a member. <see cref="DeadlineMicros"/> is the client's deadline,
/// which gRPC propagates to the server: past it, the server drops the request.
/// </summary>
internal abstract record ClientOp
{
    public long DeadlineMicros { get; init; } = long.MaxValue;
}

internal sealed record MemberListOp : ClientOp;

internal sealed record MemberAddOp(IReadOnlyList<string> PeerUrls, bool IsLearner) : ClientOp;

internal sealed record MemberRemoveOp(ulong MemberId) : ClientOp;

internal sealed record MemberUpdateOp(ulong MemberId, IReadOnlyList<string> PeerUrls) : ClientOp;

internal sealed record MemberPromoteOp(ulong MemberId) : ClientOp;

internal sealed record StatusOp : ClientOp;

internal sealed record RangeOp(string Key, string? RangeEnd, bool Serializable) : ClientOp;

internal sealed record PutOp(string Key, string Value) : ClientOp;

/// <summary>Maintenance Snapshot: the answer is the member's backend as a <see cref="SnapshotFile"/>.</summary>
internal sealed record SnapshotOp : ClientOp;
