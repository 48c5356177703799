using EtcdLab.Core.Faults;
using EtcdLab.Fuzz.Generation;

namespace EtcdLab.Fuzz.Shrinking;

/// <summary>
/// The domain shrinker FsCheck uses for fault schedules. It proposes smaller schedules in the order an
/// engineer would try them, and FsCheck keeps the first that still fails, then asks again:
/// <list type="number">
/// <item>drop faults (first keep one fault alone, then drop one at a time);</item>
/// <item>shorten a fault (an open-ended one to the profile's longest, then to its shortest, then by half);</item>
/// <item>move a fault to its step boundary (offset zero, then half the offset);</item>
/// <item>narrow its target: a bridge to a minority to one host (its target, or any host isolated alone); a role to each
/// named host; a numbered follower to the first;</item>
/// <item>weaken it: a disk loss or a move to another address to a crash, a crash to a graceful stop, a stop to a pause,
/// a partition or packet loss to packet delay (only into kinds the case's profile allows).</item>
/// </list>
/// Every proposal is strictly smaller in one of these respects and never larger in another, so shrinking ends.
/// The run seed is kept: the shrunk case reproduces with the seed its failure was found with.
/// </summary>
public sealed class ScheduleShrinker(IReadOnlyList<string> hosts)
{
    /// <summary>Shortest step a halving goes to: below this, durations stop shrinking.</summary>
    private static readonly TimeSpan Grain = TimeSpan.FromMilliseconds(10);

    /// <summary>A shrinker for schedules of <paramref name="space"/>'s scenario.</summary>
    public ScheduleShrinker(ScheduleSpace space) : this(space.Hosts)
    {
    }

    /// <summary>Smaller cases than <paramref name="case"/>, the most promising first.</summary>
    public IEnumerable<FuzzCase> Shrink(FuzzCase @case)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { @case.Key };
        foreach (var faults in Smaller(@case))
        {
            var smaller = @case with { Schedule = @case.Schedule with { Faults = faults } };
            if (seen.Add(smaller.Key)) yield return smaller;
        }
    }

    private IEnumerable<IReadOnlyList<Fault>> Smaller(FuzzCase @case)
    {
        var faults = @case.Schedule.Faults;
        var profile = @case.Profile;
        // 1. Fewer faults: one alone first (most failures need one fault), then each one dropped.
        if (faults.Count > 2)
            for (var i = 0; i < faults.Count; i++)
                yield return [faults[i]];
        for (var i = 0; i < faults.Count; i++)
            yield return faults.Where((_, j) => j != i).ToArray();

        for (var i = 0; i < faults.Count; i++)
        {
            var f = faults[i];
            // 2. Shorter.
            foreach (var d in Shorter(f.For, profile.Duration.Min, profile.Duration.Max))
                yield return With(faults, i, f with { For = d });
        }
        for (var i = 0; i < faults.Count; i++)
        {
            var f = faults[i];
            // 3. At its step boundary.
            if (f.At.Offset > TimeSpan.Zero)
            {
                yield return With(faults, i, f with { At = f.At with { Offset = TimeSpan.Zero } });
                var half = Round(f.At.Offset / 2);
                if (half > TimeSpan.Zero && half < f.At.Offset) yield return With(faults, i, f with { At = f.At with { Offset = half } });
            }
        }
        for (var i = 0; i < faults.Count; i++)
        {
            var f = faults[i];
            // 4. A narrower target.
            if (f.Kind == FaultKind.Partition && f.Shape == PartitionShape.Bridge)
                yield return With(faults, i, f with { Shape = PartitionShape.Minority });
            if (f.Kind == FaultKind.Partition && f.Shape == PartitionShape.Minority)
                yield return With(faults, i, f with { Shape = PartitionShape.Isolate });
            // Which hosts a minority or a bridge cut is known only once it strikes: try isolating each one.
            if (f.Kind == FaultKind.Partition && f.Shape != PartitionShape.Isolate)
                foreach (var host in hosts)
                    yield return With(faults, i, f with { Shape = PartitionShape.Isolate, Target = FaultTarget.Named(host) });
            if (f.Target.Kind != FaultTargetKind.Host)
                foreach (var host in hosts)
                    yield return With(faults, i, f with { Target = FaultTarget.Named(host) });
            if (f.Target is { Kind: FaultTargetKind.Follower, Choice: > 0 })
                yield return With(faults, i, f with { Target = f.Target with { Choice = 0 } });
        }
        for (var i = 0; i < faults.Count; i++)
        {
            var f = faults[i];
            // 5. A weaker kind.
            foreach (var weaker in Weaker(f.Kind).Where(profile.Kinds.Contains))
                yield return With(faults, i, Become(f, weaker, profile));
        }
    }

    /// <summary>Shorter durations than <paramref name="d"/>, not below <paramref name="min"/>: an open-ended fault first
    /// becomes one that lasts <paramref name="max"/>.</summary>
    private static IEnumerable<TimeSpan?> Shorter(TimeSpan? d, TimeSpan min, TimeSpan max)
    {
        if (d is not { } lasts)
        {
            yield return max;
            yield break;
        }
        if (lasts > min) yield return min;
        var half = Round(lasts / 2);
        if (half > min && half < lasts) yield return half;
    }

    /// <summary>The kinds a fault of <paramref name="kind"/> weakens into, in order.</summary>
    private static IEnumerable<FaultKind> Weaker(FaultKind kind) => kind switch
    {
        FaultKind.DiskLoss or FaultKind.Readdress => [FaultKind.Crash],
        FaultKind.Crash => [FaultKind.Stop],
        FaultKind.Stop => [FaultKind.Pause],
        FaultKind.Partition or FaultKind.Loss => [FaultKind.Delay],
        _ => [],
    };

    private static Fault Become(Fault f, FaultKind kind, Profiles.FaultProfile profile) => f with
    {
        Kind = kind,
        Shape = PartitionShape.Isolate,
        Latency = kind == FaultKind.Delay ? profile.Latency.Max : null,
        LossRate = null,
    };

    private static TimeSpan Round(TimeSpan d) => TimeSpan.FromTicks(d.Ticks / Grain.Ticks * Grain.Ticks);

    private static Fault[] With(IReadOnlyList<Fault> faults, int i, Fault replacement)
    {
        var copy = faults.ToArray();
        copy[i] = replacement;
        return copy;
    }
}
