using System.Diagnostics;
using EtcdLab.Core.Events;
using EtcdLab.Core.Recording;
using EtcdLab.Core.Targets;
using EtcdLab.Driver.Containers;
using EtcdLab.Driver.WaitStrategies;

namespace EtcdLab.Driver.Tests;

/// <summary>One docker-target run for a test: hosts m1..mN at 127.S.1.i, a recorder, and helpers.</summary>
internal sealed class DockerRun : IAsyncDisposable
{
    public static readonly TimeSpan Rpc = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private DockerRun(DockerClusterTarget target, ClusterSpec spec, RunRecorder recorder)
    {
        Target = target;
        Spec = spec;
        Recorder = recorder;
    }

    public DockerClusterTarget Target { get; }
    public ClusterSpec Spec { get; }
    public RunRecorder Recorder { get; }
    public EtcdCluster Cluster => Target.Cluster;
    public CancellationToken Ct => CancellationToken.None;

    public static async Task<DockerRun> CreateAsync(int hosts, DockerTargetOptions? options = null)
    {
        var target = await DockerClusterTarget.CreateAsync(options);
        try
        {
            var spec = new ClusterSpec(
                $"test-{Guid.NewGuid():N}"[..17],
                Enumerable.Range(1, hosts).Select(i => new HostSpec($"m{i}", $"127.0.1.{i}")).ToArray(),
                Seed: 1);
            var recorder = new RunRecorder();
            recorder.UseClock(() => target.Now);
            await target.InitializeAsync(spec, recorder, CancellationToken.None);
            return new DockerRun(target, spec, recorder);
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts <paramref name="hosts"/> as a new cluster, one after the other as a runbook would,
    /// and waits for a leader and every member healthy.</summary>
    public async Task BootstrapAsync(params string[] hosts)
    {
        foreach (var host in hosts) await Target.StartAsync(host, Flags(host, hosts, "new"), Ct);
        await WaitHealthyAsync(hosts);
    }

    public Task WaitHealthyAsync(params string[] hosts) =>
        Cluster.WaitUntilAsync([new UntilLeaderElected(hosts), new UntilMemberHealthy(hosts)], Patience, Ct);

    public EtcdFlags Flags(string host, IEnumerable<string> clusterHosts, string state) => Cluster.MemberFlags(host, clusterHosts, state);

    public string Endpoint(string host) => Cluster[host].ClientUrl;

    public string PeerUrl(string host) => Cluster[host].PeerUrl;

    public IReadOnlyList<T> Events<T>() where T : RunEvent => Recorder.Events.OfType<T>().ToArray();

    /// <summary>Polls the recorder until an event matches.</summary>
    public async Task<T> WaitForEventAsync<T>(Func<T, bool> match, TimeSpan? timeout = null) where T : RunEvent
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var found = Events<T>().FirstOrDefault(match);
            if (found is not null) return found;
            if (clock.Elapsed > (timeout ?? Patience))
                throw new TimeoutException($"no {typeof(T).Name} matched within {(timeout ?? Patience).TotalSeconds} s; events: {string.Join(" | ", Recorder.Events.Select(e => e.ToString()))}{Environment.NewLine}{Cluster.DescribeLogs()}");
            await Task.Delay(20);
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds.</summary>
    public async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > (timeout ?? Patience))
                throw new TimeoutException($"not within {(timeout ?? Patience).TotalSeconds} s: {what}{Environment.NewLine}{Cluster.DescribeLogs()}");
            await Task.Delay(20);
        }
    }

    public async Task<StatusReply> StatusAsync(string host)
    {
        var status = await Target.StatusAsync(Endpoint(host), Rpc, Ct);
        Assert.True(status.IsOk, $"status of {host}: {status.Error}");
        return status.Value;
    }

    public ValueTask DisposeAsync() => Target.DisposeAsync();
}
