using EtcdLab.Core.Targets;

namespace EtcdLab.Sim.Server;

/// <summary>
/// The flags a simulated etcd reads, with etcd 3.4's defaults, read and checked as etcd 3.4.23 does
/// before it opens a listener: Go's flag package parses them in the order given and stops at the
/// first value it refuses (exit 2), then etcdmain fills in defaults and <c>embed.Config.Validate</c>
/// checks the whole (exit 1). <see cref="Refused"/> says how such a process ends. Flags etcd has but
/// the simulator does not model are ignored.
/// </summary>
/// <remarks>The texts, codes and timings were taken from etcd's release-3.4 code (etcdmain/config.go
/// <c>newConfig</c>/<c>parse</c>/<c>configFromCmdLine</c>, embed/config.go <c>Validate</c>, pkg/flags,
/// pkg/types) and checked against the etcd 3.4.23 binary; the cases are listed in EtcdConfigSpec.</remarks>
internal sealed record EtcdConfig
{
    public string Name { get; init; } = "default";
    public string DataDir { get; init; } = "default.etcd";
    public IReadOnlyList<string> ListenPeerUrls { get; init; } = ["http://localhost:2380"];
    public IReadOnlyList<string> ListenClientUrls { get; init; } = ["http://localhost:2379"];
    public IReadOnlyList<string> InitialAdvertisePeerUrls { get; init; } = ["http://localhost:2380"];

    /// <summary>Empty when <c>--listen-client-urls</c> is given without <c>--advertise-client-urls</c>
    /// (etcdmain drops the default then, and Validate refuses the configuration).</summary>
    public IReadOnlyList<string> AdvertiseClientUrls { get; init; } = ["http://localhost:2379"];

    public string InitialCluster { get; init; } = "default=http://localhost:2380";
    public bool NewCluster { get; init; } = true;
    public string InitialClusterToken { get; init; } = "etcd-cluster";

    /// <summary><c>--heartbeat-interval</c> as Go's <c>uint</c> holds it; <see cref="HeartbeatMs"/> once validated.</summary>
    public ulong TickMs { get; init; } = 100;

    /// <summary><c>--election-timeout</c> as Go's <c>uint</c> holds it; <see cref="ElectionMs"/> once validated.</summary>
    public ulong ElectionTimeoutMs { get; init; } = 1000;

    public bool ForceNewCluster { get; init; }
    public bool StrictReconfigCheck { get; init; } = true;
    public ulong SnapshotCount { get; init; } = 100_000;

    /// <summary>How etcd exits for these flags before it listens; null when it starts.</summary>
    public EtcdExit? Refused { get; init; }

    public int HeartbeatMs => (int)Math.Min(TickMs, int.MaxValue);

    public int ElectionMs => (int)Math.Min(ElectionTimeoutMs, int.MaxValue);

    /// <summary>etcd's server-side request timeout: 5 s plus two election timeouts.</summary>
    public long RequestTimeoutMicros => 5_000_000 + 2L * ElectionMs * 1000;

    /// <summary>etcd's maxElectionMs.</summary>
    private const ulong MaxElectionMs = 50_000;

    public static EtcdConfig From(EtcdFlags flags)
    {
        var cfg = new EtcdConfig();
        foreach (var (flag, value) in flags)
        {
            var (next, refused) = cfg.Set(flag, value);
            if (refused is not null) return cfg with { Refused = refused };
            cfg = next;
        }

        // etcdmain after parsing: the data dir and the initial cluster follow the name, and a client
        // listener without advertised client URLs has none (configFromCmdLine's missingAC).
        cfg = cfg with
        {
            DataDir = string.IsNullOrEmpty(flags.Get("data-dir")) ? $"{cfg.Name}.etcd" : cfg.DataDir,
            InitialCluster = flags.Get("initial-cluster") ?? $"{cfg.Name}={cfg.InitialAdvertisePeerUrls[0]}",
            AdvertiseClientUrls = flags.Get("listen-client-urls") is not null && flags.Get("advertise-client-urls") is null ? [] : cfg.AdvertiseClientUrls,
        };
        return cfg.Validate() is { } error ? cfg with { Refused = EtcdExit.Unverified(error) } : cfg;
    }

    /// <summary>One flag as Go's flag package sets it: the typed value, or how etcd exits for it.</summary>
    private (EtcdConfig Config, EtcdExit? Refused) Set(string flag, string value)
    {
        switch (flag)
        {
            case "name": return (this with { Name = value }, null);
            case "data-dir": return (this with { DataDir = value }, null);
            case "initial-cluster": return (this with { InitialCluster = value }, null);
            case "initial-cluster-token": return (this with { InitialClusterToken = value }, null);
            case "listen-peer-urls" or "listen-client-urls" or "initial-advertise-peer-urls" or "advertise-client-urls":
                // flags.UniqueURLs: the empty value keeps the default; any other must be a list of URLs.
                if (value.Length == 0) return (this, null);
                if (Urls.Check(value.Split(','), out var urls) is { } bad) return (this, EtcdExit.FlagRefused(flag, value, bad));
                urls = urls.Distinct(StringComparer.Ordinal).ToArray();
                return (flag switch
                {
                    "listen-peer-urls" => this with { ListenPeerUrls = urls },
                    "listen-client-urls" => this with { ListenClientUrls = urls },
                    "initial-advertise-peer-urls" => this with { InitialAdvertisePeerUrls = urls },
                    _ => this with { AdvertiseClientUrls = urls },
                }, null);
            case "initial-cluster-state":
                // flags.SelectiveStringValue: exactly one of the valid words.
                return value is "new" or "existing"
                    ? (this with { NewCluster = value == "new" }, null)
                    : (this, EtcdExit.FlagRefused(flag, value, "invalid value"));
            case "force-new-cluster" or "strict-reconfig-check" or "enable-v2":
                if (GoFlagValues.ParseBool(value, out var on) is { } notBool) return (this, EtcdExit.BoolFlagRefused(flag, value, notBool));
                // --enable-v2 is read by the target (which endpoints serve /v2), not by the server model.
                return (flag switch
                {
                    "force-new-cluster" => this with { ForceNewCluster = on },
                    "strict-reconfig-check" => this with { StrictReconfigCheck = on },
                    _ => this,
                }, null);
            case "heartbeat-interval" or "election-timeout" or "snapshot-count":
                if (GoFlagValues.ParseUint(value, out var n) is { } notUint) return (this, EtcdExit.FlagRefused(flag, value, notUint));
                return (flag switch
                {
                    "heartbeat-interval" => this with { TickMs = n },
                    "election-timeout" => this with { ElectionTimeoutMs = n },
                    _ => this with { SnapshotCount = n },
                }, null);
            default:
                return (this, null);
        }
    }

    /// <summary>embed.Config.Validate's checks of the flags the simulator reads, in its order.</summary>
    private string? Validate()
    {
        foreach (var url in ListenPeerUrls.Concat(ListenClientUrls))
        {
            // checkBindURLs: a listener binds an IP address (or localhost), never a host name.
            if (url.StartsWith("unix", StringComparison.Ordinal)) continue;
            Urls.Parse(url, out _, out var hostPort, out _, out _);
            Urls.SplitHostPort(hostPort, out var host);
            if (host != "localhost" && !Urls.IsIp(host)) return $"expected IP in URL for binding ({url})";
        }
        if (EmptyHost(InitialAdvertisePeerUrls) is { } peer)
            return $"--initial-advertise-peer-urls {Urls.GoQuote(string.Join(",", InitialAdvertisePeerUrls))} must be \"host:port\" (unexpected empty host ({peer}))";
        if (EmptyHost(AdvertiseClientUrls) is { } client)
            return $"--advertise-client-urls {Urls.GoQuote(string.Join(",", AdvertiseClientUrls))} must be \"host:port\" (unexpected empty host ({client}))";
        if (TickMs == 0) return $"--heartbeat-interval must be >0 (set to {TickMs}ms)";
        if (ElectionTimeoutMs == 0) return $"--election-timeout must be >0 (set to {ElectionTimeoutMs}ms)";
        // Go's uint arithmetic wraps; so does this.
        if (unchecked(5 * TickMs) > ElectionTimeoutMs)
            return $"--election-timeout[{ElectionTimeoutMs}ms] should be at least as 5 times as --heartbeat-interval[{TickMs}ms]";
        if (ElectionTimeoutMs > MaxElectionMs) return $"--election-timeout[{ElectionTimeoutMs}ms] is too long, and should be set less than {MaxElectionMs}ms";
        if (AdvertiseClientUrls.Count == 0) return "--advertise-client-urls is required when --listen-client-urls is set explicitly";
        return null;
    }

    /// <summary>checkHostURLs: the first URL whose host part is empty (<c>http://:2380</c>).</summary>
    private static string? EmptyHost(IEnumerable<string> urls) => urls.FirstOrDefault(url =>
    {
        Urls.Parse(url, out _, out var hostPort, out _, out _);
        return Urls.SplitHostPort(hostPort, out var host) && host.Length == 0;
    });
}
