using EtcdLab.Core.Targets;
using EtcdLab.Driver;

namespace EtcdLab.Targets.Tests;

/// <summary>The target contract on real etcd 3.4 in Docker. Needs a Docker engine and the etcd image
/// (scripts/ensure-docker.sh); without them these tests fail, they do not skip.</summary>
[Trait("Category", "Docker")]
public sealed class DockerClusterTargetSpec : ClusterTargetSpec
{
    protected override async Task<IClusterTarget> CreateTargetAsync() => await DockerClusterTarget.CreateAsync();
}
