using EtcdLab.Core.Events;
using EtcdLab.Core.Recording;
using EtcdLab.Core.Running;
using EtcdLab.Sim;

namespace EtcdLab.Scenarios.Tests;

/// <summary>The simulator is deterministic per seed: the same scenario and seed give the same event
/// log, byte for byte; another seed gives another schedule.</summary>
public sealed class DeterminismSpec
{
    private static async Task<string> EventLogAsync(string file, ulong seed)
    {
        await using var target = new SimulatedClusterTarget();
        var result = await new ScenarioRunner(target, new RunRecorder(), RunOptions.For("determinism", seed))
            .RunAsync(ScenarioFiles.Load(file), CancellationToken.None);
        return string.Concat(result.Events.Select(e => RunEventJson.Serialize(e) + "\n"));
    }

    [Theory]
    [InlineData("scenarios/replace-failed-member.yaml")]
    [InlineData("scenarios/ip-change-online.yaml")]
    [InlineData("scenarios/mutants/replaced-member-left-running.yaml")]
    [InlineData("scenarios/replace-failed-member-tls.yaml")]
    public async Task Same_seed_should_give_a_byte_identical_event_log(string file)
    {
        var first = await EventLogAsync(file, 42);
        var second = await EventLogAsync(file, 42);
        Assert.True(first.Length > 1000, "the log should hold a whole run");
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Another_seed_should_give_another_schedule()
    {
        var a = await EventLogAsync("scenarios/replace-failed-member.yaml", 1);
        var b = await EventLogAsync("scenarios/replace-failed-member.yaml", 2);
        Assert.NotEqual(a, b);
    }
}
