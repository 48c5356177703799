using EtcdLab.Driver;
using EtcdLab.Sim;

namespace EtcdLab.Cli.Running;

/// <summary>Makes <c>sim</c> targets (simulated hosts) and <c>docker</c> targets (real etcd in containers).</summary>
public sealed class TargetFactory : ITargetFactory
{
    /// <inheritdoc />
    public IReadOnlyList<string> Kinds { get; } = ["sim", "docker"];

    /// <inheritdoc />
    public async Task<TargetLease> CreateAsync(string kind, string runId, int? slot, CancellationToken ct)
    {
        switch (kind)
        {
            case "sim":
                return new TargetLease(new SimulatedClusterTarget(), slot ?? 0);
            case "docker":
                var docker = await DockerClusterTarget.CreateAsync(new DockerTargetOptions { LoopbackSlot = slot }, ct);
                return new TargetLease(docker, docker.Slot.Number);
            default:
                throw new Core.Exceptions.InputException($"--target {kind}: unknown target; use sim or docker.");
        }
    }
}
