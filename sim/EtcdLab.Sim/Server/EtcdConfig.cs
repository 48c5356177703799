using EtcdLab.Core.Targets;

namespace EtcdLab.Sim.Server;

/// <summary>The flags a simulated etcd reads, with etcd 3.4's defaults. Unknown flags are ignored.</summary>
internal sealed record EtcdConfig
{
    public string Name { get; init; } = "default";
    public string DataDir { get; init; } = "default.etcd";
    public IReadOnlyList<string> ListenPeerUrls { get; init; } = ["http://localhost:2380"];
    public IReadOnlyList<string> ListenClientUrls { get; init; } = ["http://localhost:2379"];
    public IReadOnlyList<string> InitialAdvertisePeerUrls { get; init; } = ["http://localhost:2380"];
    public IReadOnlyList<string> AdvertiseClientUrls { get; init; } = ["http://localhost:2379"];
    public string InitialCluster { get; init; } = "default=http://localhost:2380";
    public bool NewCluster { get; init; } = true;
    public string InitialClusterToken { get; init; } = "etcd-cluster";
    public int HeartbeatMs { get; init; } = 100;
    public int ElectionMs { get; init; } = 1000;
    public bool ForceNewCluster { get; init; }
    public bool StrictReconfigCheck { get; init; } = true;
    public string? ClusterStateText { get; init; }

    /// <summary>etcd's server-side request timeout: 5 s plus two election timeouts.</summary>
    public long RequestTimeoutMicros => 5_000_000 + 2L * ElectionMs * 1000;

    public static EtcdConfig From(EtcdFlags flags)
    {
        static IReadOnlyList<string> Urls(string? v, IReadOnlyList<string> fallback) =>
            v is null ? fallback : v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        var cfg = new EtcdConfig();
        var name = flags.Get("name") ?? cfg.Name;
        var apurls = Urls(flags.Get("initial-advertise-peer-urls"), cfg.InitialAdvertisePeerUrls);
        var state = flags.Get("initial-cluster-state");
        return cfg with
        {
            Name = name,
            DataDir = flags.Get("data-dir") ?? $"{name}.etcd",
            ListenPeerUrls = Urls(flags.Get("listen-peer-urls"), cfg.ListenPeerUrls),
            ListenClientUrls = Urls(flags.Get("listen-client-urls"), cfg.ListenClientUrls),
            InitialAdvertisePeerUrls = apurls,
            AdvertiseClientUrls = Urls(flags.Get("advertise-client-urls"), cfg.AdvertiseClientUrls),
            // etcdmain: an unset --initial-cluster defaults to this member's own advertise URL.
            InitialCluster = flags.Get("initial-cluster") ?? $"{name}={apurls[0]}",
            ClusterStateText = state,
            NewCluster = state is null or "new",
            InitialClusterToken = flags.Get("initial-cluster-token") ?? cfg.InitialClusterToken,
            HeartbeatMs = int.TryParse(flags.Get("heartbeat-interval"), out var hb) ? hb : cfg.HeartbeatMs,
            ElectionMs = int.TryParse(flags.Get("election-timeout"), out var el) ? el : cfg.ElectionMs,
            ForceNewCluster = flags.IsTrue("force-new-cluster"),
            StrictReconfigCheck = flags.Get("strict-reconfig-check") is not { } s || !s.Equals("false", StringComparison.OrdinalIgnoreCase),
        };
    }

    /// <summary>embed.Config.Validate's checks that a simulated run can meet.</summary>
    public string? Validate()
    {
        if (ClusterStateText is not null and not "new" and not "existing") return $"unexpected clusterState \"{ClusterStateText}\"";
        if (HeartbeatMs <= 0) return $"--heartbeat-interval must be >0 (set to {HeartbeatMs}ms)";
        if (ElectionMs <= 0) return $"--election-timeout must be >0 (set to {ElectionMs}ms)";
        if (5 * HeartbeatMs > ElectionMs)
            return $"--election-timeout[{ElectionMs}ms] should be at least as 5 times as --heartbeat-interval[{HeartbeatMs}ms]";
        if (ElectionMs > 50000) return $"--election-timeout[{ElectionMs}ms] is too long, and should be set less than 50000ms";
        return null;
    }
}
