using EtcdLab.Sim.Server;

namespace EtcdLab.Sim.Network;

/// <summary>
/// Messages the simulated network accepts from host actors. Peer traffic itself is a
/// <see cref="PeerEnvelope"/> told with the sending host actor as sender: the network routes it by
/// that host's view of the addressed member's peer URLs.
/// </summary>
internal static class NetworkProtocol
{
    /// <summary>Everything the network must know of a host: address, process, listeners and the member's peer view.</summary>
    /// <param name="Host">Host name.</param>
    /// <param name="Ip">Current address.</param>
    /// <param name="Incarnation">Counts process starts; a message for an earlier process is lost.</param>
    /// <param name="Running">An etcd process exists (it may be paused).</param>
    /// <param name="Paused">The process is frozen: it neither receives nor sends.</param>
    /// <param name="PeerListenUrls">--listen-peer-urls of the running process.</param>
    /// <param name="ClientListenUrls">--listen-client-urls of the running process.</param>
    /// <param name="View">The member's IDs and membership, null when no server runs.</param>
    /// <param name="PeerTls">What the process presents and trusts on its peer side, null without peer TLS.</param>
    public sealed record HostChanged(
        string Host,
        string Ip,
        int Incarnation,
        bool Running,
        bool Paused,
        IReadOnlyList<string> PeerListenUrls,
        IReadOnlyList<string> ClientListenUrls,
        PeerView? View,
        Core.Certificates.PeerTlsConfig? PeerTls = null)
    {
        public override string ToString() => $"HostChanged({Host} {Ip} #{Incarnation} running={Running} paused={Paused} member={View?.MemberId:x})";
    }

    /// <summary>A member refuses what a host sent it (HTTP 410/412 on the same connection).</summary>
    public sealed record RejectPeer(string FromHost, string ToHost, PeerRejection Rejection);

    /// <summary>Peer traffic is cut between hosts of different groups (replaces any earlier partition).</summary>
    public sealed record Partition(IReadOnlyList<IReadOnlyList<string>> Groups)
    {
        public override string ToString() => $"Partition({string.Join(" | ", Groups.Select(g => string.Join(",", g)))})";
    }

    /// <summary>Every partition is removed.</summary>
    public sealed record Heal
    {
        public static Heal Instance { get; } = new();
    }

    /// <summary>Every peer message to and from <paramref name="Host"/> waits <paramref name="LatencyMicros"/>
    /// more, and <paramref name="LossRate"/> of the packets that carry them are lost (0 to 1); replaces
    /// the host's earlier degradation.</summary>
    public sealed record DegradeLinks(string Host, long LatencyMicros, double LossRate)
    {
        public override string ToString() => $"DegradeLinks({Host} +{LatencyMicros}µs loss={LossRate:0.###})";
    }

    /// <summary>The host's peer links carry messages as before <see cref="DegradeLinks"/>.</summary>
    public sealed record RestoreLinks(string Host);
}
