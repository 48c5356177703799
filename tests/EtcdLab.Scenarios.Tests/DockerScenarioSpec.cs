using EtcdLab.Core.Targets;
using EtcdLab.Driver;

namespace EtcdLab.Scenarios.Tests;

/// <summary>Every procedure and mutant on real etcd 3.4 in Docker. Needs a Docker engine and the
/// etcd image (scripts/ensure-docker.sh); without them these tests fail, they do not skip.</summary>
[Trait("Category", "Docker")]
[Collection("docker")]
public sealed class DockerScenarioSpec : ScenarioSpec
{
    protected override async Task<IClusterTarget> CreateTargetAsync() => await DockerClusterTarget.CreateAsync();

    [Fact]
    public async Task Etcdctl_steps_should_be_answered_by_the_real_binary()
    {
        var (_, result, _) = await RunAsync(OneMember("""
              - etcdctl: member remove 1234
                on: m1
                expect:
                  error: member not found
              - etcdctl: member remove 1234
                on: m1
                expect:
                  error: member not found
            """));
        Assert.True(result.StepsPassed, result.Failure);
        var answers = result.Events.OfType<Core.Events.CommandAnswered>().ToArray();
        Assert.Equal(2, answers.Length);
        Assert.All(answers, a => Assert.Equal(1, a.ExitCode));
        // Real etcdctl logs with the wall clock and gives every client a random id; the emulator's clock
        // starts at the epoch and its ids follow from the command and the time.
        Assert.All(answers, a => Assert.Contains($"\"ts\":\"{DateTime.UtcNow:yyyy}-", a.Stderr));
        Assert.NotEqual(answers[0].Stderr, answers[1].Stderr);
        Assert.All(answers, a => Assert.EndsWith("Error: etcdserver: member not found\n", a.Stderr));
    }
}
