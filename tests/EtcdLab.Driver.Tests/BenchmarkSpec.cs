using EtcdLab.Driver.Benchmarks;
using Xunit.Abstractions;

namespace EtcdLab.Driver.Tests;

[Trait("Category", "Docker")]
public sealed class BenchmarkSpec(ITestOutputHelper output)
{
    [Fact]
    public async Task Driver_should_start_three_healthy_members_about_as_fast_as_plain_docker_run()
    {
        var result = await StartupBenchmark.RunAsync(new StartupBenchmarkOptions { Rounds = 3 });
        output.WriteLine(result.ToString());
        Assert.Equal(3, result.Driver.Count);
        Assert.Equal(3, result.Plain.Count);
        Assert.True(result.Ratio <= 1.5, result.ToString());
    }
}
