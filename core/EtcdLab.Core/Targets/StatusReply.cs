using System.Text.Json.Serialization;
using EtcdLab.Core.Events;

namespace EtcdLab.Core.Targets;

/// <summary>Answer of Maintenance Status (what <c>etcdctl endpoint status</c> prints).</summary>
/// <param name="Header">Cluster ID, member ID, revision and term of the answering member.</param>
/// <param name="Version">etcd server version, for example <c>3.4.23</c>.</param>
/// <param name="DbSize">Backend size in bytes.</param>
/// <param name="Leader">ID of the leader this member knows, 0 when it knows none.</param>
/// <param name="RaftIndex">The member's committed Raft index (what etcd 3.4 reports as raft index).</param>
/// <param name="RaftTerm">Current Raft term.</param>
/// <param name="RaftAppliedIndex">Last applied Raft index.</param>
/// <param name="Errors">Alarms and <c>etcdserver: no leader</c>.</param>
/// <param name="IsLearner">True when the member is a learner.</param>
public sealed record StatusReply(
    ResponseHeader Header,
    string Version,
    long DbSize,
    [property: JsonConverter(typeof(HexIdJsonConverter))] ulong Leader,
    ulong RaftIndex,
    ulong RaftTerm,
    ulong RaftAppliedIndex,
    IReadOnlyList<string> Errors,
    bool IsLearner)
{
    /// <inheritdoc />
    public bool Equals(StatusReply? other) =>
        other is not null && Header == other.Header && Version == other.Version && DbSize == other.DbSize
        && Leader == other.Leader && RaftIndex == other.RaftIndex && RaftTerm == other.RaftTerm
        && RaftAppliedIndex == other.RaftAppliedIndex && IsLearner == other.IsLearner && Errors.SequenceEqual(other.Errors);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Header, Leader, RaftIndex, RaftTerm);
}
