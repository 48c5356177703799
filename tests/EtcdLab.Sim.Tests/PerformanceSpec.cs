using System.Diagnostics;
using EtcdLab.Core.Events;
using EtcdLab.Core.Targets;
using Xunit.Abstractions;

namespace EtcdLab.Sim.Tests;

public sealed class PerformanceSpec(ITestOutputHelper output)
{
    // Speed is measured by `etcdlab bench`, never asserted here: a timed test flakes on a busy
    // machine. This spec checks the long run itself and prints the ratio for whoever reads it.
    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public async Task Writer_should_be_served_for_a_hundred_simulated_seconds(int members)
    {
        await using var c = await SimCluster.CreateAsync(members, seed: 7);
        await c.BootstrapAsync(members);
        var writer = new WriterSpec("w", c.HostNames, "/bench/", TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(2), int.MaxValue);
        await c.Target.StartWriterAsync(writer, CancellationToken.None);
        await c.DelayAsync(5); // warm-up (JIT)
        var before = c.Target.Stats;
        var sw = Stopwatch.StartNew();
        await c.DelayAsync(100);
        sw.Stop();
        var after = c.Target.Stats;
        var ratio = (after.VirtualElapsed - before.VirtualElapsed).TotalSeconds / sw.Elapsed.TotalSeconds;
        output.WriteLine($"{members} members: {ratio:F0} simulated s per wall s, {(after.EventsProcessed - before.EventsProcessed) / sw.Elapsed.TotalSeconds:F0} events/s");
        var acks = c.Events<ClientWriteAcknowledged>().Count;
        var fails = c.Events<ClientWriteFailed>().Count;
        output.WriteLine($"acks={acks} fails={fails}");
        Assert.True(acks > 2_000, $"only {acks} writes acknowledged");
        Assert.Equal(0, fails);
    }
}
