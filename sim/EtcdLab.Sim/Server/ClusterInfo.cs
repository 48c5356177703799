namespace EtcdLab.Sim.Server;

/// <summary>What a peer answers to <c>GET /members</c> on its peer URL: its cluster ID and its member list.</summary>
internal sealed record ClusterInfo(ulong ClusterId, IReadOnlyList<Member> Members);
