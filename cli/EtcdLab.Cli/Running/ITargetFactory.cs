using EtcdLab.Core.Targets;

namespace EtcdLab.Cli.Running;

/// <summary>Makes the target a run asks for by name.</summary>
public interface ITargetFactory
{
    /// <summary>The target names this factory knows, for messages.</summary>
    IReadOnlyList<string> Kinds { get; }

    /// <summary>A new target of <paramref name="kind"/>. <paramref name="slot"/> asks it to place the hosts
    /// in that loopback slot (as another target did, to compare runs); null lets the target choose
    /// (the simulator keeps the scenario's addresses, Docker takes a free slot).</summary>
    Task<IClusterTarget> CreateAsync(string kind, int? slot, CancellationToken ct);
}
