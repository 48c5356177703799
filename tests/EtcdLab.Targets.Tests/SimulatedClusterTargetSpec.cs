using EtcdLab.Core.Targets;
using EtcdLab.Sim;

namespace EtcdLab.Targets.Tests;

/// <summary>The target contract on the simulator.</summary>
public sealed class SimulatedClusterTargetSpec : ClusterTargetSpec
{
    protected override Task<IClusterTarget> CreateTargetAsync() => Task.FromResult<IClusterTarget>(new SimulatedClusterTarget());
}
