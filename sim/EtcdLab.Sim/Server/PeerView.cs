namespace EtcdLab.Sim.Server;

/// <summary>What a running member knows: its IDs, its members (itself included) and the removed IDs.
/// The network routes and judges connectivity with it, and answers <c>GET /members</c> from it.</summary>
internal sealed class PeerView(ulong memberId, ulong clusterId, IReadOnlyList<Member> members, IReadOnlySet<ulong> removed)
{
    private readonly Dictionary<ulong, Member> _byId = members.ToDictionary(m => m.Id);

    public ulong MemberId { get; } = memberId;
    public ulong ClusterId { get; } = clusterId;
    public IReadOnlyList<Member> Members { get; } = members;
    public IReadOnlySet<ulong> Removed { get; } = removed;

    public IReadOnlyList<string>? PeerUrlsOf(ulong id) => _byId.TryGetValue(id, out var m) ? m.PeerUrls : null;

    public IEnumerable<ulong> PeerIds => Members.Where(m => m.Id != MemberId).Select(m => m.Id);
}
