using EtcdLab.Core.Faults;
using EtcdLab.Fuzz.Profiles;

namespace EtcdLab.Fuzz.Generation;

/// <summary>
/// One thing a fuzzer tries: a fault schedule and the seed of the simulator run it is tried with.
/// The seed is fixed with the schedule, so the same case always gives the same event log, and a
/// shrunk case keeps the seed its failure was found with.
/// </summary>
/// <param name="Schedule">The faults.</param>
/// <param name="RunSeed">Seed of the run (<c>etcdlab run --seed</c>).</param>
/// <param name="Profile">The profile the schedule was drawn under (in swarm mode, the one drawn for
/// this case); the shrinker weakens faults only into kinds it allows.</param>
public sealed record FuzzCase(FaultSchedule Schedule, ulong RunSeed, FaultProfile Profile)
{
    /// <summary>The case in words: each fault, then the seed. FsCheck prints this for a counterexample.</summary>
    public override string ToString() =>
        $"{Schedule.Describe().ReplaceLineEndings("; ")} (run seed {RunSeed}{(Profile.Name.StartsWith("swarm", StringComparison.Ordinal) ? $", profile {Profile.Describe()}" : "")})";

    /// <summary>A key that tells two cases apart (schedule file text and seed), for caching runs while shrinking.</summary>
    public string Key => FaultScheduleFile.Write(Schedule) + "\nseed " + RunSeed;
}
