using EtcdLab.Core.Events;
using EtcdLab.Core.Recording;
using EtcdLab.Core.Targets;
using EtcdLab.Sim.Simulation;

namespace EtcdLab.Sim.Tests;

/// <summary>A simulated target with hosts m1..mN at 127.0.1.x and the flags runbooks use.</summary>
internal sealed class SimCluster : IAsyncDisposable
{
    public const string Token = "t1";
    private static readonly CancellationToken Ct = CancellationToken.None;

    private SimCluster(SimulatedClusterTarget target, RunRecorder recorder, int hosts)
    {
        Target = target;
        Recorder = recorder;
        HostNames = Enumerable.Range(1, hosts).Select(i => $"m{i}").ToArray();
    }

    public SimulatedClusterTarget Target { get; }
    public RunRecorder Recorder { get; }
    public IReadOnlyList<string> HostNames { get; }

    public static async Task<SimCluster> CreateAsync(int hosts, ulong seed = 1, SimulationOptions? options = null)
    {
        var target = new SimulatedClusterTarget(options);
        var recorder = new RunRecorder();
        recorder.UseClock(() => target.Now);
        var specs = Enumerable.Range(1, hosts).Select(i => new HostSpec($"m{i}", Ip(i))).ToArray();
        await target.InitializeAsync(new ClusterSpec("test", specs, seed), recorder, Ct);
        return new SimCluster(target, recorder, hosts);
    }

    public static string Ip(int i) => $"127.0.1.{i}";

    public static string PeerUrl(int i) => HostSpec.PeerUrl(Ip(i));

    public static string ClientUrl(int i) => HostSpec.ClientUrl(Ip(i));

    public static int Index(string host) => int.Parse(host[1..]);

    public static string InitialCluster(IEnumerable<int> members) => string.Join(",", members.Select(i => $"m{i}={PeerUrl(i)}"));

    /// <summary>The flags of host m<paramref name="i"/> at its first address.</summary>
    public static EtcdFlags Flags(int i, string initialCluster, string state = "new", string? ip = null) => EtcdFlags.From(new Dictionary<string, string>
    {
        ["name"] = $"m{i}",
        ["data-dir"] = "/var/lib/etcd",
        ["listen-peer-urls"] = HostSpec.PeerUrl(ip ?? Ip(i)),
        ["listen-client-urls"] = HostSpec.ClientUrl(ip ?? Ip(i)),
        ["initial-advertise-peer-urls"] = HostSpec.PeerUrl(ip ?? Ip(i)),
        ["advertise-client-urls"] = HostSpec.ClientUrl(ip ?? Ip(i)),
        ["initial-cluster"] = initialCluster,
        ["initial-cluster-state"] = state,
        ["initial-cluster-token"] = Token,
        ["heartbeat-interval"] = "10",
        ["election-timeout"] = "100",
    });

    /// <summary>Starts members 1..<paramref name="members"/> as a new cluster and waits until all serve.</summary>
    public async Task BootstrapAsync(int members)
    {
        var ic = InitialCluster(Enumerable.Range(1, members));
        for (var i = 1; i <= members; i++) await Target.StartAsync($"m{i}", Flags(i, ic), Ct);
        await WaitUntilAsync(o => Enumerable.Range(1, members).All(i => o[$"m{i}"].HasLeader), TimeSpan.FromSeconds(10));
    }

    public Task<ClusterObservation> ObserveAsync() => Target.ObserveAsync(Ct);

    public Task DelayAsync(double seconds) => Target.DelayAsync(TimeSpan.FromSeconds(seconds), Ct);

    /// <summary>Lets virtual time pass in 10 ms steps until <paramref name="condition"/> holds; false when it never did.</summary>
    public async Task<bool> WaitUntilAsync(Func<ClusterObservation, bool> condition, TimeSpan within)
    {
        var until = Target.Now + within;
        while (Target.Now < until)
        {
            if (condition(await ObserveAsync())) return true;
            await Target.DelayAsync(TimeSpan.FromMilliseconds(10), Ct);
        }
        return condition(await ObserveAsync());
    }

    /// <summary>The host whose member leads, according to the serving members.</summary>
    public async Task<string?> LeaderHostAsync()
    {
        var o = await ObserveAsync();
        foreach (var h in o.Hosts)
            if (h.Status is { } s && s.Leader == s.Header.MemberId) return h.Host;
        return null;
    }

    public IReadOnlyList<T> Events<T>() where T : RunEvent => Recorder.Events.OfType<T>().ToArray();

    public ValueTask DisposeAsync() => Target.DisposeAsync();
}
