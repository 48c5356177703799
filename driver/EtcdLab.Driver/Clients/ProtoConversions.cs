using EtcdLab.Core.Targets;
using Etcdserverpb;

namespace EtcdLab.Driver.Clients;

/// <summary>From etcd's protobuf answers to the target contract's records.</summary>
internal static class ProtoConversions
{
    public static Core.Targets.ResponseHeader ToHeader(this Etcdserverpb.ResponseHeader? h) =>
        h is null ? new(0, 0, 0, 0) : new(h.ClusterId, h.MemberId, h.Revision, h.RaftTerm);

    public static MemberInfo ToMember(this Member m) =>
        new(m.ID, m.Name, m.PeerURLs.ToArray(), m.ClientURLs.ToArray(), m.IsLearner);

    /// <summary>The membership sorted by ID, as etcd lists it.</summary>
    public static IReadOnlyList<MemberInfo> ToMembers(this IEnumerable<Member> members) =>
        members.Select(ToMember).OrderBy(m => m.Id).ToArray();

    public static StatusReply ToStatus(this StatusResponse s) =>
        new(s.Header.ToHeader(), s.Version, s.DbSize, s.Leader, s.RaftIndex, s.RaftTerm, s.RaftAppliedIndex, s.Errors.ToArray(), s.IsLearner);

    public static RangeReply ToRange(this RangeResponse r) =>
        new(r.Header.ToHeader(),
            r.Kvs.Select(kv => new KeyValue(kv.Key.ToStringUtf8(), kv.Value.ToStringUtf8(), kv.CreateRevision, kv.ModRevision, kv.Version))
                .OrderBy(kv => kv.Key, StringComparer.Ordinal).ToArray());
}
