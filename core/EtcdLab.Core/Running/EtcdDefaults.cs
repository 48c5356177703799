using EtcdLab.Core.Scenarios;
using EtcdLab.Core.Targets;

namespace EtcdLab.Core.Running;

/// <summary>The etcd configuration every host starts from, before the scenario's own flags.</summary>
public static class EtcdDefaults
{
    /// <summary>Where etcd keeps its data, as in the runbooks.</summary>
    public const string DataDir = "/var/lib/etcd";

    /// <summary>Heartbeat interval in ms: tuned for fast runs; a scenario may set etcd's own 100.</summary>
    public const string HeartbeatIntervalMs = "10";

    /// <summary>Election timeout in ms: tuned for fast runs; a scenario may set etcd's own 1000.</summary>
    public const string ElectionTimeoutMs = "100";

    /// <summary>The full flag set for <paramref name="host"/> at <paramref name="ip"/>: defaults, then the
    /// cluster's flags, then the host's configured flags.</summary>
    public static EtcdFlags For(string host, string ip, bool initialMember, ClusterDefinition cluster, EtcdFlags configured)
    {
        var initialCluster = initialMember
            ? string.Join(",", cluster.InitialMembers.Select(h => $"{h.Name}={HostSpec.PeerUrl(h.Ip)}"))
            : $"{host}={HostSpec.PeerUrl(ip)}";
        return EtcdFlags.Empty
            .With("name", host)
            .With("data-dir", DataDir)
            .With("listen-peer-urls", HostSpec.PeerUrl(ip))
            .With("listen-client-urls", HostSpec.ClientUrl(ip))
            .With("advertise-client-urls", HostSpec.ClientUrl(ip))
            .With("initial-advertise-peer-urls", HostSpec.PeerUrl(ip))
            .With("initial-cluster", initialCluster)
            .With("initial-cluster-state", "new")
            .With("initial-cluster-token", cluster.Token)
            .With("heartbeat-interval", HeartbeatIntervalMs)
            .With("election-timeout", ElectionTimeoutMs)
            .Merge(cluster.Flags)
            .Merge(configured);
    }
}
