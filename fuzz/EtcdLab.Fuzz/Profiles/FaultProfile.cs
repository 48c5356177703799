using System.Globalization;
using EtcdLab.Core.Faults;
using EtcdLab.Core.Scenarios;

namespace EtcdLab.Fuzz.Profiles;

/// <summary>
/// What a fuzzer may throw at a scenario: which kinds of fault, aimed at which targets, how many in
/// one schedule, how long each lasts and how far from its step boundary it strikes, and whether a
/// schedule may take out more members than the cluster tolerates. Read from a small YAML file
/// (<see cref="FaultProfileFile"/>) or taken from <see cref="FaultProfiles"/>.
/// </summary>
/// <param name="Name">How reports name the profile (<c>default</c>, a file's name, <c>swarm 1234</c>).</param>
/// <param name="Kinds">The kinds of fault drawn, at least one.</param>
/// <param name="Targets">How faults pick their host: by name, or by role at the moment they strike.</param>
/// <param name="Shapes">How partitions cut the cluster (used when <see cref="Kinds"/> has partition).</param>
/// <param name="MaxFaults">At most this many faults in one schedule (at least one is drawn).</param>
/// <param name="Duration">How long a fault lasts before it is undone.</param>
/// <param name="UntilEnd">Share of faults that are undone only when the procedure ends, in [0, 1].</param>
/// <param name="Offset">Target time between a fault's step boundary and the fault; zero strikes at the boundary.</param>
/// <param name="BeyondTolerance">True: a schedule may take out more voting members than the cluster
/// tolerates at that moment, and failures then count. False: the generator keeps schedules within
/// tolerance, and a run that went beyond it all the same is discarded, never reported.</param>
/// <param name="Latency">Added one-way packet delay of <see cref="FaultKind.Delay"/> faults.</param>
/// <param name="Loss">Share of packets dropped by <see cref="FaultKind.Loss"/> faults.</param>
/// <param name="Swarm">True: this profile is the space each schedule draws its own profile from (a
/// subset of the kinds, targets and shapes, its own fault count and ranges), as TigerBeetle's VOPR
/// draws its fault configuration from the seed.</param>
public sealed record FaultProfile(
    string Name,
    IReadOnlyList<FaultKind> Kinds,
    IReadOnlyList<FaultTargetKind> Targets,
    IReadOnlyList<PartitionShape> Shapes,
    int MaxFaults,
    DurationRange Duration,
    double UntilEnd,
    DurationRange Offset,
    bool BeyondTolerance,
    DurationRange Latency,
    ShareRange Loss,
    bool Swarm = false)
{
    /// <summary>Most faults one schedule may hold: beyond a handful, a failure is no longer one an engineer can read.</summary>
    public const int MaxFaultsLimit = 16;

    /// <summary>The profile in one line, as a fuzz report logs it next to the seed.</summary>
    public string Describe() =>
        $"{Name}: {(Swarm ? "swarm over " : "")}{string.Join("/", Kinds.Select(FaultProfileFile.KindWord))} on "
        + $"{string.Join("/", Targets.Select(FaultProfileFile.TargetWord))}"
        + (Kinds.Contains(FaultKind.Partition) ? $" (shapes {string.Join("/", Shapes.Select(s => s.ToString().ToLowerInvariant()))})" : "")
        + $", at most {MaxFaults} fault{(MaxFaults == 1 ? "" : "s")}, lasting {Duration}"
        + (UntilEnd > 0 ? $" ({ShareRange.Percent(UntilEnd)} until the procedure ends)" : "")
        + $", offset {Offset}, {(BeyondTolerance ? "beyond tolerance allowed" : "within tolerance only")}";

    /// <inheritdoc />
    public override string ToString() => Describe();

    /// <inheritdoc />
    public bool Equals(FaultProfile? other) =>
        other is not null && Name == other.Name && Kinds.SequenceEqual(other.Kinds) && Targets.SequenceEqual(other.Targets)
        && Shapes.SequenceEqual(other.Shapes) && MaxFaults == other.MaxFaults && Duration == other.Duration
        && UntilEnd.Equals(other.UntilEnd) && Offset == other.Offset && BeyondTolerance == other.BeyondTolerance
        && Latency == other.Latency && Loss == other.Loss && Swarm == other.Swarm;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, MaxFaults, Duration, BeyondTolerance, Swarm);

    /// <summary>The same profile allowing at most <paramref name="maxFaults"/> faults (<c>--max-faults</c>).</summary>
    public FaultProfile WithMaxFaults(int maxFaults) => this with
    {
        MaxFaults = maxFaults,
        Name = string.Create(CultureInfo.InvariantCulture, $"{Name} (max-faults {maxFaults})"),
    };

    /// <summary>Durations in a profile are written as schedule files write them.</summary>
    internal static string Format(TimeSpan d) => Durations.Format(d);
}
