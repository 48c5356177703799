namespace EtcdLab.Core.Incidents.Import;

/// <summary>One endpoint in an <c>etcdctl endpoint status</c> output (simple or table).</summary>
/// <param name="Raw">The line as written.</param>
/// <param name="Prefix">Its wrapper.</param>
/// <param name="Endpoint">The endpoint as printed.</param>
/// <param name="Id">The member ID behind it.</param>
/// <param name="Version">Its etcd version.</param>
/// <param name="DbSize">The database size as printed (<c>20 kB</c>).</param>
/// <param name="IsLeader">Whether it is the leader.</param>
/// <param name="RaftTerm">Its raft term, when printed.</param>
/// <param name="RaftIndex">Its raft index, when printed.</param>
public sealed record EndpointStatusRow(RawLine Raw, LinePrefix Prefix, string Endpoint, string Id, string Version, string DbSize,
    bool IsLeader, long? RaftTerm, long? RaftIndex) : ImportedLine(Raw, Prefix, null);
