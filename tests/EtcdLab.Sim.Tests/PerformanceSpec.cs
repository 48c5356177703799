using System.Diagnostics;
using EtcdLab.Core.Events;
using EtcdLab.Core.Targets;
using Xunit.Abstractions;

namespace EtcdLab.Sim.Tests;

public sealed class PerformanceSpec(ITestOutputHelper output)
{
    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public async Task Simulation_should_run_far_faster_than_real_time_with_a_writer(int members)
    {
        await using var c = await SimCluster.CreateAsync(members, seed: 7);
        await c.BootstrapAsync(members);
        var writer = new WriterSpec("w", c.HostNames, "/bench/", TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(2), int.MaxValue);
        await c.Target.StartWriterAsync(writer, CancellationToken.None);
        await c.DelayAsync(5); // warm-up (JIT)
        var before = c.Target.Stats;
        var sw = Stopwatch.StartNew();
        await c.DelayAsync(200);
        sw.Stop();
        var after = c.Target.Stats;
        var ratio = (after.VirtualElapsed - before.VirtualElapsed).TotalSeconds / sw.Elapsed.TotalSeconds;
        output.WriteLine($"{members} members: {ratio:F0} simulated s per wall s, {(after.EventsProcessed - before.EventsProcessed) / sw.Elapsed.TotalSeconds:F0} events/s");
        var acks = c.Events<ClientWriteAcknowledged>().Count;
        var fails = c.Events<ClientWriteFailed>().Count;
        output.WriteLine($"acks={acks} fails={fails}");
        Assert.True(acks > 3_000, $"only {acks} writes acknowledged");
        Assert.Equal(0, fails);
        // The target is 1000x on an idle machine; a loaded CI machine gets slack.
        Assert.True(ratio > 200, $"only {ratio:F0} simulated seconds per wall second");
    }
}
