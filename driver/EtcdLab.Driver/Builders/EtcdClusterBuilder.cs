using System.Globalization;
using System.Text.RegularExpressions;
using EtcdLab.Core.Targets;
using EtcdLab.Driver.Configurations;
using EtcdLab.Driver.Containers;
using EtcdLab.Driver.Docker;
using EtcdLab.Driver.Network;
using EtcdLab.Driver.Storage;
using EtcdLab.Driver.WaitStrategies;

namespace EtcdLab.Driver.Builders;

/// <summary>
/// Builds an <see cref="EtcdCluster"/>: real etcd members in Docker containers, one per host, each
/// with host networking on its own loopback address. Immutable: every <c>WithX</c> returns a new
/// builder, and <see cref="Build"/> validates and creates the cluster without touching Docker.
/// </summary>
/// <example>
/// <code>
/// await using var cluster = new EtcdClusterBuilder().WithMembers(3).Build();
/// await cluster.StartAsync(ct); // three members, a leader, every member healthy
/// </code>
/// </example>
public sealed partial class EtcdClusterBuilder
{
    private readonly EtcdClusterConfiguration _c;

    /// <summary>A builder with no hosts, tuned timing, the machine's own etcd image and a new run id.</summary>
    public EtcdClusterBuilder()
        : this(new EtcdClusterConfiguration(
            RunId: NewRunId(),
            Image: null,
            DataRoot: HostDirectories.DefaultRoot,
            Hosts: [],
            InitialMembers: 0,
            Timing: EtcdTiming.Tuned,
            ClusterToken: "etcdlab",
            SlotNumber: null,
            Slot: null,
            Engine: null,
            DockerEndpoint: null,
            WaitStrategies: [],
            StartupTimeout: TimeSpan.FromSeconds(30),
            PollInterval: TimeSpan.FromMilliseconds(10),
            Reap: true,
            InsideNetwork: EgressFirewall.Loopback))
    {
    }

    private EtcdClusterBuilder(EtcdClusterConfiguration configuration) => _c = configuration;

    /// <summary>The configuration built so far.</summary>
    public EtcdClusterConfiguration Configuration => _c;

    /// <summary>A fresh run id: <c>yyyyMMdd-HHmmss-xxxxxx</c>.</summary>
    public static string NewRunId() =>
        string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}")[..22];

    /// <summary>Names the run (containers, directories and firewall rules carry it).</summary>
    public EtcdClusterBuilder WithRunId(string runId) => new(_c with { RunId = runId });

    /// <summary>Declares <paramref name="count"/> members <c>m1..mN</c> at <c>127.S.1.1..N</c>, all bootstrapped
    /// together by <see cref="EtcdCluster.StartAsync"/>; hosts added with <see cref="WithHost"/> come after them.</summary>
    public EtcdClusterBuilder WithMembers(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var members = Enumerable.Range(1, count).Select(i => new HostSpec($"m{i}", $"127.0.1.{i}"));
        var others = _c.Hosts.Skip(_c.InitialMembers);
        return new(_c with { Hosts = [.. members, .. others], InitialMembers = count });
    }

    /// <summary>Declares a host that <see cref="EtcdCluster.StartAsync"/> leaves without a process (to be
    /// started later, for example after <c>member add</c>). Without <paramref name="ip"/> it gets the next
    /// free <c>127.S.1.x</c>.</summary>
    public EtcdClusterBuilder WithHost(string name, string? ip = null)
    {
        ip ??= $"127.0.1.{Enumerable.Range(1, 254).First(i => _c.Hosts.All(h => LoopbackAddress.Parse(h.Ip)[3] != i || LoopbackAddress.Parse(h.Ip)[2] != 1))}";
        return new(_c with { Hosts = [.. _c.Hosts, new HostSpec(name, ip)] });
    }

    /// <summary>Declares hosts as a scenario does (none of them bootstrapped by <see cref="EtcdCluster.StartAsync"/>).</summary>
    public EtcdClusterBuilder WithHosts(IEnumerable<HostSpec> hosts) => new(_c with { Hosts = [.. _c.Hosts, .. hosts] });

    /// <summary>Runs the members from <paramref name="image"/>, for example <c>etcdlab/etcd:3.4.23</c> or an
    /// image of another etcd version from your registry (pulled when missing).</summary>
    public EtcdClusterBuilder WithImage(string image) => new(_c with { Image = image });

    /// <summary>Sets <c>--heartbeat-interval</c> of the bootstrapped members (default 10 ms).</summary>
    public EtcdClusterBuilder WithHeartbeat(TimeSpan heartbeat) => new(_c with { Timing = _c.Timing with { Heartbeat = heartbeat } });

    /// <summary>Sets <c>--election-timeout</c> of the bootstrapped members (default 100 ms).</summary>
    public EtcdClusterBuilder WithElectionTimeout(TimeSpan electionTimeout) => new(_c with { Timing = _c.Timing with { ElectionTimeout = electionTimeout } });

    /// <summary>Uses etcd's own timing (100 ms heartbeat, 1 s election timeout).</summary>
    public EtcdClusterBuilder WithEtcdDefaultTiming() => new(_c with { Timing = EtcdTiming.EtcdDefaults });

    /// <summary>Sets <c>--initial-cluster-token</c> of the bootstrap (default <c>etcdlab</c>).</summary>
    public EtcdClusterBuilder WithClusterToken(string token) => new(_c with { ClusterToken = token });

    /// <summary>Takes loopback slot <paramref name="slot"/> (addresses 127.S.x.y) instead of the lowest free one.</summary>
    public EtcdClusterBuilder WithLoopbackSlot(int slot) => new(_c with { SlotNumber = slot, Slot = null });

    /// <summary>Uses a slot the caller already holds and keeps holding after the cluster is disposed.</summary>
    public EtcdClusterBuilder WithLoopbackSlot(LoopbackSlot slot) => new(_c with { Slot = slot, SlotNumber = slot.Number });

    /// <summary>Keeps host disks under <paramref name="root"/> (default /tmp/etcdlab).</summary>
    public EtcdClusterBuilder WithDataRoot(string root) => new(_c with { DataRoot = root });

    /// <summary>Uses an engine the caller connected (and keeps owning).</summary>
    public EtcdClusterBuilder WithDockerEngine(DockerEngine engine) => new(_c with { Engine = engine });

    /// <summary>Connects to the engine at <paramref name="endpoint"/> (default: DOCKER_HOST, else the local socket).</summary>
    public EtcdClusterBuilder WithDockerEndpoint(Uri endpoint) => new(_c with { DockerEndpoint = endpoint });

    /// <summary>Adds a condition <see cref="EtcdCluster.StartAsync"/> waits for, in order. Without any,
    /// it waits <see cref="UntilLeaderElected"/> then <see cref="UntilMemberHealthy"/> for the bootstrapped members.</summary>
    public EtcdClusterBuilder WithWaitStrategy(IEtcdWaitStrategy strategy) => new(_c with { WaitStrategies = [.. _c.WaitStrategies, strategy] });

    /// <summary>How long <see cref="EtcdCluster.StartAsync"/> waits for its conditions (default 30 s).</summary>
    public EtcdClusterBuilder WithStartupTimeout(TimeSpan timeout) => new(_c with { StartupTimeout = timeout });

    /// <summary>Pause between two checks of a condition not met yet (default 10 ms).</summary>
    public EtcdClusterBuilder WithPollInterval(TimeSpan interval) => new(_c with { PollInterval = interval });

    /// <summary>Whether initializing removes leftovers of dead runs first (default true).</summary>
    public EtcdClusterBuilder WithReaper(bool reap) => new(_c with { Reap = reap });

    /// <summary>Narrows where members may open connections or send datagrams from 127.0.0.0/8 (the default)
    /// to <paramref name="cidr"/>, for example the run's own <c>127.S.0.0/16</c>, so that a test can show the
    /// egress rules at work with a destination inside 127/8 that they treat as outside.</summary>
    /// <exception cref="EtcdLab.Core.Exceptions.InputException"><paramref name="cidr"/> is not a network inside 127.0.0.0/8.</exception>
    public EtcdClusterBuilder WithInsideNetwork(string cidr) => new(_c with { InsideNetwork = EgressFirewall.ParseInsideNetwork(cidr) });

    /// <summary>Validates the configuration and creates the cluster (nothing runs yet).</summary>
    /// <exception cref="ArgumentException">A name, address or timing is not usable; the message says which.</exception>
    public EtcdCluster Build()
    {
        if (!SafeName().IsMatch(_c.RunId)) throw new ArgumentException($"run id '{_c.RunId}' must be 1-64 letters, digits, '.', '_' or '-'");
        if (_c.Hosts.Count > LoopbackSlot.MaxHosts) throw new ArgumentException($"{_c.Hosts.Count} hosts; a run may have at most {LoopbackSlot.MaxHosts}");
        foreach (var h in _c.Hosts)
        {
            if (!SafeName().IsMatch(h.Name)) throw new ArgumentException($"host name '{h.Name}' must be 1-64 letters, digits, '.', '_' or '-'");
            if (!LoopbackAddress.IsLoopback(h.Ip)) throw new ArgumentException($"host {h.Name} has address {h.Ip}; every member address must be in 127.0.0.0/8");
        }
        var duplicate = _c.Hosts.GroupBy(h => h.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"host {duplicate.Key} is declared twice");
        var sameIp = _c.Hosts.GroupBy(h => string.Join('.', LoopbackAddress.Parse(h.Ip)[2..])).FirstOrDefault(g => g.Count() > 1);
        if (sameIp is not null) throw new ArgumentException($"hosts {string.Join(", ", sameIp.Select(h => h.Name))} share an address");
        _c.Timing.Validate();
        return new EtcdCluster(_c);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex SafeName();
}
