using EtcdLab.Core.Targets;
using EtcdLab.Sim;

namespace EtcdLab.Scenarios.Tests;

/// <summary>Every procedure and mutant on the simulator.</summary>
public sealed class SimScenarioSpec : ScenarioSpec
{
    protected override Task<IClusterTarget> CreateTargetAsync() => Task.FromResult<IClusterTarget>(new SimulatedClusterTarget());
}
