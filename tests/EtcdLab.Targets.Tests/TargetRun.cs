using EtcdLab.Core.Events;
using EtcdLab.Core.Recording;
using EtcdLab.Core.Running;
using EtcdLab.Core.Targets;

namespace EtcdLab.Targets.Tests;

/// <summary>One target under test with hosts m1..mN at the scenario addresses 127.0.1.i (the target
/// places them), a recorder, and waits that pass in the target's own time.</summary>
internal sealed class TargetRun : IAsyncDisposable
{
    public const string Token = "contract";
    public static readonly TimeSpan Rpc = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    private TargetRun(IClusterTarget target, RunRecorder recorder, int hosts)
    {
        Target = target;
        Recorder = recorder;
        Hosts = Enumerable.Range(1, hosts).Select(i => $"m{i}").ToArray();
    }

    public IClusterTarget Target { get; }
    public RunRecorder Recorder { get; }
    public IReadOnlyList<string> Hosts { get; }
    public CancellationToken Ct => CancellationToken.None;

    public static async Task<TargetRun> CreateAsync(IClusterTarget target, int hosts)
    {
        try
        {
            var recorder = new RunRecorder();
            recorder.UseClock(() => target.Now);
            var spec = new ClusterSpec($"contract-{Guid.NewGuid():N}"[..21], Enumerable.Range(1, hosts).Select(i => new HostSpec($"m{i}", $"127.0.1.{i}")).ToArray(), Seed: 7);
            await target.InitializeAsync(spec, recorder, CancellationToken.None);
            return new TargetRun(target, recorder, hosts);
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }
    }

    public string Ip(string host) => Target.IpOf(host);

    public string Endpoint(string host) => HostSpec.ClientUrl(Ip(host));

    /// <summary>The flags EtcdLab gives a member of a cluster of <paramref name="members"/>.</summary>
    public EtcdFlags Flags(string host, IEnumerable<string> members, string state = "new") =>
        EtcdDefaults.Member(host, Ip(host), EtcdDefaults.InitialCluster(members.Select(m => (m, Ip(m)))), state, Token);

    /// <summary>Bootstraps <paramref name="members"/> together and waits until each is healthy.</summary>
    public async Task BootstrapAsync(params string[] members)
    {
        await Target.BootstrapAsync(members.Select(m => new KeyValuePair<string, EtcdFlags>(m, Flags(m, members))).ToArray(), Ct);
        await WaitHealthyAsync(members);
    }

    public Task WaitHealthyAsync(params string[] hosts) =>
        UntilAsync(o => hosts.All(h => ClusterExpectations.IsHealthy(o[h])) && hosts.All(h => o[h].Members?.Count(m => m.IsStarted) >= hosts.Length),
            $"{string.Join(", ", hosts)} healthy");

    /// <summary>Observes until <paramref name="condition"/> holds, for at most 20 s of target time.</summary>
    public async Task<ClusterObservation> UntilAsync(Func<ClusterObservation, bool> condition, string what)
    {
        var deadline = Target.Now + TimeSpan.FromSeconds(20);
        while (true)
        {
            var observation = await Target.ObserveAsync(Ct);
            if (condition(observation)) return observation;
            if (Target.Now > deadline)
                throw new Xunit.Sdk.XunitException($"not within 20 s: {what}. Every host: {ClusterExpectations.Summary(observation)}");
            await Target.DelayAsync(Poll, Ct);
        }
    }

    /// <summary>The leader's id, as a serving member reports it.</summary>
    public async Task<ulong> MemberIdAsync(string host) => (await Target.StatusAsync(Endpoint(host), Rpc, Ct)).Value!.Header.MemberId;

    public IReadOnlyList<T> Events<T>() where T : RunEvent => Recorder.Events.OfType<T>().ToArray();

    public ValueTask DisposeAsync() => Target.DisposeAsync();
}
