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
}
