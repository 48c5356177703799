using EtcdLab.Core.Events;
using EtcdLab.Core.Targets;

namespace EtcdLab.Driver.Tests;

[Trait("Category", "Docker")]
public sealed class WriterSpec
{
    [Fact]
    public async Task Writer_should_record_acknowledged_writes_and_skip_a_stopped_host()
    {
        await using var run = await DockerRun.CreateAsync(hosts: 3);
        await run.BootstrapAsync("m1", "m2", "m3");
        await run.Target.StopAsync("m1", run.Ct);

        var spec = new Core.Targets.WriterSpec("w1", ["m1", "m2", "m3"], "writes/", TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(2), MaxWrites: 15);
        await run.Target.StartWriterAsync(spec, run.Ct);
        await run.EventuallyAsync(() => Task.FromResult(run.Events<ClientWriteAcknowledged>().Count + run.Events<ClientWriteFailed>().Count >= 15), "15 writes");
        await run.Target.StopWriterAsync("w1", run.Ct);

        var acks = run.Events<ClientWriteAcknowledged>();
        Assert.Empty(run.Events<ClientWriteFailed>());
        Assert.Equal(Enumerable.Range(1, 15).Select(spec.KeyOf), acks.Select(a => a.Key));
        Assert.Equal(Enumerable.Range(1, 15).Select(Core.Targets.WriterSpec.ValueOf), acks.Select(a => a.Value));
        Assert.All(acks, a => Assert.Equal("m2", a.Host)); // m1 refused and skipped; m2 answered, so it stays first
        Assert.Equal(acks.Select(a => a.Revision).Order(), acks.Select(a => a.Revision));
        Assert.Equal(15, acks.Select(a => a.Revision).Distinct().Count());
        var read = await run.Target.RangeAsync(run.Endpoint("m3"), "writes/", "writes0", serializable: false, DockerRun.Rpc, run.Ct);
        Assert.Equal(15, read.Value!.Kvs.Count);
    }

    [Fact]
    public async Task Stopping_a_writer_should_end_it_before_its_bound()
    {
        await using var run = await DockerRun.CreateAsync(hosts: 1);
        await run.BootstrapAsync("m1");
        await run.Target.StartWriterAsync(new Core.Targets.WriterSpec("slow", ["m1"], "", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 1000), run.Ct);
        await run.EventuallyAsync(() => Task.FromResult(run.Events<ClientWriteAcknowledged>().Count >= 1), "the first write");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await run.Target.StopWriterAsync("slow", run.Ct);
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(500));
        Assert.Single(run.Events<ClientWriteAcknowledged>());
    }
}
