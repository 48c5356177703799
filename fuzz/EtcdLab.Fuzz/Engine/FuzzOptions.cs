using EtcdLab.Fuzz.Judging;
using EtcdLab.Fuzz.Profiles;

namespace EtcdLab.Fuzz.Engine;

/// <summary>How a fuzz session searches one scenario.</summary>
public sealed record FuzzOptions
{
    /// <summary>Schedules to try (fewer when it stops at the first failure or runs out of time).</summary>
    public int Runs { get; init; } = 1000;

    /// <summary>Seed of the session: case n is drawn from this seed and n alone, so the same seed gives the same cases.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>The fault profile.</summary>
    public FaultProfile Profile { get; init; } = FaultProfiles.Default;

    /// <summary>Simulator runs at a time, each on a thread of its own.</summary>
    public int Jobs { get; init; } = Environment.ProcessorCount;

    /// <summary>Wall time after which no new schedule starts; null for none.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>False: stop at the first failure (the one with the lowest case number, whatever the number of jobs).
    /// True: run every schedule and shrink the first failure of each kind.</summary>
    public bool KeepGoing { get; init; }

    /// <summary>Decides failure and tolerance.</summary>
    public IRunJudge Judge { get; init; } = ToleranceJudge.Instance;

    /// <summary>Most distinct failures (by what broke and whether within tolerance) that are shrunk with <see cref="KeepGoing"/>.</summary>
    public int MaxShrunk { get; init; } = 8;
}
