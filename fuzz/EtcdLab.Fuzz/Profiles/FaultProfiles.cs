using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Faults;

namespace EtcdLab.Fuzz.Profiles;

/// <summary>The profiles EtcdLab ships, by the names <c>--profile</c> takes.</summary>
public static class FaultProfiles
{
    private static readonly FaultTargetKind[] AllTargets =
        [FaultTargetKind.Host, FaultTargetKind.Leader, FaultTargetKind.Follower, FaultTargetKind.NextCommandHost, FaultTargetKind.NewestMember];

    /// <summary>
    /// What a runbook should survive: one crash (restarted) or one partition (healed), aimed at any
    /// host or role, lasting 200 ms to 10 s, never taking out more members than the cluster tolerates
    /// at that moment. A failure under it is a runbook that breaks within the failures it should tolerate.
    /// </summary>
    public static FaultProfile Default { get; } = new(
        "default",
        [FaultKind.Crash, FaultKind.Partition],
        AllTargets,
        [PartitionShape.Isolate, PartitionShape.Minority],
        MaxFaults: 1,
        Duration: new DurationRange(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10)),
        UntilEnd: 0,
        Offset: new DurationRange(TimeSpan.Zero, TimeSpan.FromSeconds(1)),
        BeyondTolerance: false,
        Latency: new DurationRange(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(500)),
        Loss: new ShareRange(0.05, 0.5));

    /// <summary>
    /// Up to three faults of every kind the simulator runs today (crash, stop, pause, partition of any
    /// shape, disk loss, a host back on another address), 100 ms to 20 s, one in ten left until the
    /// procedure ends, beyond tolerance allowed. Packet delay and loss are left out until both targets
    /// support them; a profile file can name them.
    /// </summary>
    public static FaultProfile Harsh { get; } = Default with
    {
        Name = "harsh",
        Kinds = [FaultKind.Crash, FaultKind.Stop, FaultKind.Pause, FaultKind.Partition, FaultKind.DiskLoss, FaultKind.Readdress],
        Shapes = [PartitionShape.Isolate, PartitionShape.Minority, PartitionShape.Bridge],
        MaxFaults = 3,
        Duration = new DurationRange(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(20)),
        UntilEnd = 0.1,
        Offset = new DurationRange(TimeSpan.Zero, TimeSpan.FromSeconds(3)),
        BeyondTolerance = true,
    };

    /// <summary>The space of <see cref="Harsh"/>, from which each schedule draws its own profile (VOPR's swarm testing).</summary>
    public static FaultProfile Swarm { get; } = Harsh with { Name = "swarm", Swarm = true };

    /// <summary>Every shipped profile by name.</summary>
    public static IReadOnlyDictionary<string, FaultProfile> ByName { get; } = new Dictionary<string, FaultProfile>(StringComparer.Ordinal)
    {
        ["default"] = Default,
        ["harsh"] = Harsh,
        ["swarm"] = Swarm,
    };

    /// <summary>A shipped profile by name, or the profile file at that path.</summary>
    /// <exception cref="InputException">Neither a shipped profile nor a readable file.</exception>
    /// <exception cref="ScenarioException">A mistake in the file, at its line and column.</exception>
    public static FaultProfile Resolve(string nameOrFile) =>
        ByName.TryGetValue(nameOrFile, out var shipped) ? shipped
        : File.Exists(nameOrFile) ? FaultProfileFile.Load(nameOrFile)
        : throw new InputException($"--profile {nameOrFile}: no such profile file, and no shipped profile of that name ({string.Join(", ", ByName.Keys)}).");
}
