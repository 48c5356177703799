using EtcdLab.Core.Events;
using EtcdLab.Core.Targets;

namespace EtcdLab.Sim.Tests;

public sealed class DeterminismSpec
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>A run with a writer, faults, a membership change and observations, as the runner would record it.</summary>
    private static async Task<IReadOnlyList<string>> RunAsync(ulong seed)
    {
        await using var c = await SimCluster.CreateAsync(4, seed);
        await c.BootstrapAsync(3);
        await c.Target.StartWriterAsync(new WriterSpec("w", ["m1", "m2", "m3"], "/d/", TimeSpan.FromMilliseconds(30), TimeSpan.FromSeconds(1), 200), Ct);
        await c.DelayAsync(0.5);
        await c.Target.KillAsync("m2", Ct);
        await c.DelayAsync(0.7);
        await c.Target.PartitionAsync([["m1"], ["m3"]], Ct);
        await c.DelayAsync(0.5);
        await c.Target.HealAsync(Ct);
        await c.Target.StartAsync("m2", SimCluster.Flags(2, SimCluster.InitialCluster([1, 2, 3])), Ct);
        await c.DelayAsync(6);
        var add = await c.Target.MemberAddAsync(SimCluster.ClientUrl(1), [SimCluster.PeerUrl(4)], false, TimeSpan.FromSeconds(5), Ct);
        c.Recorder.Record(new VariableCaptured("m4-id", add.Value?.Member.IdHex ?? add.Error!.Message));
        c.Recorder.Record(new ClusterObserved(await c.ObserveAsync()));
        await c.Target.StopWriterAsync("w", Ct);
        return c.Recorder.Events.Select(RunEventJson.Serialize).ToArray();
    }

    [Fact]
    public async Task Same_seed_should_record_byte_identical_events()
    {
        var first = await RunAsync(42);
        var second = await RunAsync(42);
        Assert.True(first.Count > 100, $"only {first.Count} events");
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Different_seed_should_take_a_different_schedule()
    {
        var a = await RunAsync(42);
        var b = await RunAsync(43);
        Assert.NotEqual(a, b);
    }
}
