namespace EtcdLab.Sim.Simulation;

/// <summary>
/// Knobs of the simulated world. The seed is not here: it comes from the run's
/// <see cref="Core.Targets.ClusterSpec.Seed"/>. Names end with their unit.
/// </summary>
public sealed record SimulationOptions
{
    /// <summary>Shortest one-way delay of a peer message.</summary>
    public long NetworkDelayMinMicros { get; init; } = 100;

    /// <summary>Longest one-way delay of a peer message (exclusive).</summary>
    public long NetworkDelayMaxMicros { get; init; } = 1_000;

    /// <summary>Probability that a peer message is lost on the wire (0 = never).</summary>
    public double NetworkDropProbability { get; init; }

    /// <summary>Shortest one-way delay between a client (etcdctl, a writer) and a member.</summary>
    public long ClientDelayMinMicros { get; init; } = 100;

    /// <summary>Longest one-way delay between a client and a member (exclusive).</summary>
    public long ClientDelayMaxMicros { get; init; } = 500;

    /// <summary>Applied entries between two raft snapshots that let the log be compacted (etcd's --snapshot-count).</summary>
    public ulong SnapshotCountEntries { get; init; } = 100_000;

    /// <summary>Earliest Unix time a run may start at; the seed picks a start within a year after it.</summary>
    public long EpochBaseUnixSeconds { get; init; } = 1_700_000_000;

    /// <summary>
    /// True: every target of the process shares one ActorSystem, each under its own root actor
    /// (creating a system costs several milliseconds, as much as a short scenario's whole run).
    /// False: each target creates its own and terminates it when disposed.
    /// </summary>
    public bool ShareActorSystem { get; init; } = true;

    /// <summary>Rejects option values that cannot describe a network.</summary>
    internal void Validate()
    {
        if (NetworkDelayMinMicros < 0 || NetworkDelayMaxMicros < NetworkDelayMinMicros)
            throw new ArgumentException($"network delay range [{NetworkDelayMinMicros}, {NetworkDelayMaxMicros}) µs is empty or negative");
        if (ClientDelayMinMicros < 0 || ClientDelayMaxMicros < ClientDelayMinMicros)
            throw new ArgumentException($"client delay range [{ClientDelayMinMicros}, {ClientDelayMaxMicros}) µs is empty or negative");
        if (NetworkDropProbability is < 0 or > 1)
            throw new ArgumentException($"NetworkDropProbability must lie in [0, 1], not {NetworkDropProbability}");
    }
}
