using EtcdLab.Core.Targets;
using EtcdLab.Sim;

namespace EtcdLab.Scenarios.Tests;

/// <summary>Every procedure and mutant on the simulator.</summary>
public sealed class SimScenarioSpec : ScenarioSpec
{
    protected override Task<(IClusterTarget Target, int Slot)> CreateTargetAsync() =>
        Task.FromResult<(IClusterTarget, int)>((new SimulatedClusterTarget(), 0));
}
