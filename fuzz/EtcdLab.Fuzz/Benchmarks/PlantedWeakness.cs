using EtcdLab.Core.Faults;
using EtcdLab.Core.Scenarios;
using EtcdLab.Fuzz.Profiles;

namespace EtcdLab.Fuzz.Benchmarks;

/// <summary>
/// A scenario with one planted weakness, for the fuzzer's tests and its benchmark: it fails only
/// when m2 is out at the boundary between steps 3 and 4 (two 12 s waits keep every other fault
/// away from its one unretried step), so the shrinker must bring any failing schedule down to
/// that one fault.
/// </summary>
public static class PlantedWeakness
{
    /// <summary>The host the weakness needs out.</summary>
    public const string Host = "m2";

    /// <summary>The step after which (or before the next of which) it must be out.</summary>
    public const int AfterStep = 3;

    /// <summary>The scenario's YAML text.</summary>
    public static string Yaml
    {
        get
        {
            using var stream = typeof(PlantedWeakness).Assembly.GetManifestResourceStream("EtcdLab.Fuzz.planted-weakness.yaml")
                ?? throw new InvalidOperationException("the planted-weakness scenario is not embedded in EtcdLab.Fuzz");
            return new StreamReader(stream).ReadToEnd();
        }
    }

    /// <summary>The scenario, parsed.</summary>
    public static Scenario Load() => ScenarioLoader.Parse(Yaml, "planted-weakness.yaml");

    /// <summary>The profile its tests use: crashes and partitions (isolating one host or a minority), aimed at
    /// hosts and roles, up to three per schedule, within tolerance.</summary>
    public static FaultProfile Profile { get; } = FaultProfiles.Default with { Name = "planted", MaxFaults = 3 };

    /// <summary>True when <paramref name="schedule"/> is the weakness alone: one fault that takes out
    /// <see cref="Host"/> by name, at the boundary between steps 3 and 4, without offset.</summary>
    public static bool IsTheWeaknessAlone(FaultSchedule schedule) =>
        schedule.Faults is [var f]
        && f.Target == FaultTarget.Named(Host)
        && f.TakesMemberOut
        && (f.Kind != FaultKind.Partition || f.Shape == PartitionShape.Isolate)
        && f.At.Offset == TimeSpan.Zero
        && (f.At is { After: true, Step: AfterStep } || f.At is { After: false, Step: AfterStep + 1 });
}
