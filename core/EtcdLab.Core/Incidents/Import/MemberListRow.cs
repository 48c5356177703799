namespace EtcdLab.Core.Incidents.Import;

/// <summary>One member in an <c>etcdctl member list</c> output (v3 simple or table, or v2).</summary>
/// <param name="Raw">The line as written.</param>
/// <param name="Prefix">Its wrapper.</param>
/// <param name="Id">The member ID in hex, as printed (v2 IDs after <c>etcdctl backup</c> are short).</param>
/// <param name="Status"><c>started</c> or <c>unstarted</c> (v3), null for v2.</param>
/// <param name="Name">The member name; empty for an unstarted member.</param>
/// <param name="PeerUrls">Its peer URLs.</param>
/// <param name="ClientUrls">Its client URLs.</param>
/// <param name="IsLearner">v3's last column, if printed.</param>
/// <param name="IsLeader">v2's <c>isLeader=</c>, if printed.</param>
/// <param name="Api">2 or 3: which etcdctl API printed it.</param>
public sealed record MemberListRow(RawLine Raw, LinePrefix Prefix, string Id, string? Status, string Name,
    IReadOnlyList<string> PeerUrls, IReadOnlyList<string> ClientUrls, bool? IsLearner, bool? IsLeader, int Api)
    : ImportedLine(Raw, Prefix, null);
