using EtcdLab.Core.Targets;

namespace EtcdLab.Core.Running;

/// <summary>The etcd configuration every host starts from, before the scenario's own flags. Both
/// targets and the Docker driver's own bootstrap build member flags here, so a member gets the same
/// command line whichever path starts it.</summary>
public static class EtcdDefaults
{
    /// <summary>Where etcd keeps its data, as in the runbooks.</summary>
    public const string DataDir = "/var/lib/etcd";

    /// <summary>Heartbeat interval in ms: tuned for fast runs; a scenario may set etcd's own 100.</summary>
    public const string HeartbeatIntervalMs = "10";

    /// <summary>Election timeout in ms: tuned for fast runs; a scenario may set etcd's own 1000.</summary>
    public const string ElectionTimeoutMs = "100";

    /// <summary>The <c>--initial-cluster</c> value of <paramref name="members"/>: <c>m1=http://127.0.1.1:2380,...</c>.</summary>
    public static string InitialCluster(IEnumerable<(string Name, string Ip)> members) =>
        string.Join(",", members.Select(m => $"{m.Name}={HostSpec.PeerUrl(m.Ip)}"));

    /// <summary>The <c>--initial-cluster</c> value of <paramref name="members"/>, each at its own peer
    /// scheme (<c>https</c> for a member whose configuration makes it talk TLS to peers).</summary>
    public static string InitialCluster(IEnumerable<(string Name, string Ip, bool PeerTls)> members) =>
        string.Join(",", members.Select(m => $"{m.Name}={HostSpec.PeerUrl(m.Ip, m.PeerTls)}"));

    /// <summary>The flags of member <paramref name="name"/> at <paramref name="ip"/>: data dir
    /// <see cref="DataDir"/>, client and peer URLs on its address, the given <c>--initial-cluster</c>,
    /// state and token, and the tuned timing.</summary>
    public static EtcdFlags Member(string name, string ip, string initialCluster, string initialClusterState, string token) =>
        EtcdFlags.Empty
            .With("name", name)
            .With("data-dir", DataDir)
            .With("listen-peer-urls", HostSpec.PeerUrl(ip))
            .With("listen-client-urls", HostSpec.ClientUrl(ip))
            .With("advertise-client-urls", HostSpec.ClientUrl(ip))
            .With("initial-advertise-peer-urls", HostSpec.PeerUrl(ip))
            .With("initial-cluster", initialCluster)
            .With("initial-cluster-state", initialClusterState)
            .With("initial-cluster-token", token)
            .With("heartbeat-interval", HeartbeatIntervalMs)
            .With("election-timeout", ElectionTimeoutMs);

    /// <summary>The full flag set of a scenario host: <see cref="Member"/> with state <c>new</c> and, for an
    /// initial member, the initial cluster (a spare host lists only itself), then the cluster's flags,
    /// then the host's configured flags.</summary>
    /// <param name="host">Host (and member) name.</param>
    /// <param name="ip">The host's current address.</param>
    /// <param name="initialCluster">The bootstrap's <c>--initial-cluster</c>, or null for a spare host.</param>
    /// <param name="token">The cluster token.</param>
    /// <param name="clusterFlags">The scenario's flags for every member.</param>
    /// <param name="configured">The flags the host's configuration sets.</param>
    /// <remarks>The default URLs are <c>https</c> on the side (clients, peers) for which the scenario's
    /// flags give etcd a certificate (<c>--cert-file</c>, <c>--peer-cert-file</c>), as a TLS runbook's
    /// etcd.conf lists them; URLs the flags set themselves stay as written.</remarks>
    public static EtcdFlags For(string host, string ip, string? initialCluster, string token, EtcdFlags clusterFlags, EtcdFlags configured)
    {
        var scenario = clusterFlags.Merge(configured);
        var clientTls = HostSpec.ServesClientTls(scenario);
        var peerTls = HostSpec.ServesPeerTls(scenario);
        return EtcdFlags.Empty
            .With("name", host)
            .With("data-dir", DataDir)
            .With("listen-peer-urls", HostSpec.PeerUrl(ip, peerTls))
            .With("listen-client-urls", HostSpec.ClientUrl(ip, clientTls))
            .With("advertise-client-urls", HostSpec.ClientUrl(ip, clientTls))
            .With("initial-advertise-peer-urls", HostSpec.PeerUrl(ip, peerTls))
            .With("initial-cluster", initialCluster ?? InitialCluster([(host, ip, peerTls)]))
            .With("initial-cluster-state", "new")
            .With("initial-cluster-token", token)
            .With("heartbeat-interval", HeartbeatIntervalMs)
            .With("election-timeout", ElectionTimeoutMs)
            .Merge(scenario);
    }
}
