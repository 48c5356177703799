using EtcdLab.Core.Targets;
using EtcdLab.Driver;
using EtcdLab.Sim;
using EtcdLab.Sim.Simulation;

namespace EtcdLab.Cli.Running;

/// <summary>Makes <c>sim</c> targets (simulated hosts) and <c>docker</c> targets (real etcd in containers).</summary>
public sealed class TargetFactory : ITargetFactory
{
    /// <inheritdoc />
    public IReadOnlyList<string> Kinds { get; } = ["sim", "docker"];

    /// <inheritdoc />
    public async Task<IClusterTarget> CreateAsync(string kind, int? slot, CancellationToken ct) => kind switch
    {
        "sim" => new SimulatedClusterTarget(new SimulationOptions { LoopbackSlot = slot ?? 0 }),
        "docker" => await DockerClusterTarget.CreateAsync(new DockerTargetOptions { LoopbackSlot = slot }, ct),
        _ => throw new Core.Exceptions.InputException($"--target {kind}: unknown target; use sim or docker."),
    };
}
