namespace EtcdLab.Cli.Running;

/// <summary>Makes the target a run asks for by name.</summary>
public interface ITargetFactory
{
    /// <summary>The target names this factory knows, for messages.</summary>
    IReadOnlyList<string> Kinds { get; }

    /// <summary>A new target of <paramref name="kind"/> for the run <paramref name="runId"/>.
    /// <paramref name="slot"/> asks for a loopback slot (the simulator takes any; Docker allocates one when null).</summary>
    Task<TargetLease> CreateAsync(string kind, string runId, int? slot, CancellationToken ct);
}
