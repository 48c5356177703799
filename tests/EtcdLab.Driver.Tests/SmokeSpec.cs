using System.Diagnostics;
using EtcdLab.Driver.Benchmarks;
using EtcdLab.Driver.Builders;
using EtcdLab.Driver.WaitStrategies;
using Xunit.Abstractions;

namespace EtcdLab.Driver.Tests;

public sealed class SmokeSpec(ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "Smoke")]
    public async Task Benchmark_smoke()
    {
        var result = await StartupBenchmark.RunAsync(new StartupBenchmarkOptions { Rounds = 6 });
        output.WriteLine(result.ToString());
    }

    [Fact]
    [Trait("Category", "Smoke")]
    public async Task Phases()
    {
        for (var round = 0; round < 4; round++)
        {
            var clock = Stopwatch.StartNew();
            var t0 = DateTime.Now;
            await using var cluster = new EtcdClusterBuilder().WithMembers(3).Build();
            await cluster.StartAsync(default);
            output.WriteLine($"round {round}: {clock.Elapsed.TotalMilliseconds:0} ms, t0 {t0:HH:mm:ss.ffffff}");
            foreach (var c in cluster.Containers)
                foreach (var l in c.RecentLog.Where(l => l.Contains("advertise client URLs") || l.Contains("starting member") || l.Contains("listening for peers") || l.Contains("elected leader") || l.Contains("ready to serve") || l.Contains("etcd Version")|| l.Contains("became active")))
                    output.WriteLine($"  {c.Host}: {l}");
        }
    }
}
