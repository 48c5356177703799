using EtcdLab.Cli.Running;
using EtcdLab.Core.Targets;
using EtcdLab.Sim;

namespace EtcdLab.Cli.Tests;

/// <summary>Makes simulated targets with a planted failure (see <see cref="FaultyTarget"/>).</summary>
internal sealed class FaultyTargetFactory(Func<string, Exception?> fault) : ITargetFactory
{
    public IReadOnlyList<string> Kinds { get; } = ["sim"];

    public Task<IClusterTarget> CreateAsync(string kind, int? slot, CancellationToken ct) =>
        Task.FromResult<IClusterTarget>(new FaultyTarget(new SimulatedClusterTarget(), fault));
}
