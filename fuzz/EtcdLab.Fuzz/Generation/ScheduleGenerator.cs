using EtcdLab.Core.Faults;
using EtcdLab.Fuzz.Profiles;
using FsCheck;
using FsCheck.Fluent;

namespace EtcdLab.Fuzz.Generation;

/// <summary>
/// FsCheck generators of fault schedules for one scenario under a <see cref="FaultProfile"/>: faults
/// of the profile's kinds, aimed at the scenario's hosts or at roles, placed at its step boundaries
/// with an offset, lasting within the profile's range. When the profile allows nothing beyond
/// tolerance, a fault is kept only if, by the fault-free run's clock, the cluster could lose what the
/// schedule takes out at every moment it is in force; the run itself has the last word (see
/// <see cref="Judging.ToleranceJudge"/>).
/// </summary>
public sealed class ScheduleGenerator(ScheduleSpace space)
{
    /// <summary>Candidates drawn per fault slot before the slot is left empty: with a profile that stays
    /// within tolerance, most boundaries of a procedure that runs a member short fit no fault.</summary>
    private const int CandidatesPerFault = 12;

    /// <summary>Time a fault is taken to hold a member out after it is undone: a restart (140 ms), boot
    /// (50 ms), catching up and an election.</summary>
    internal static readonly TimeSpan RecoveryMargin = TimeSpan.FromMilliseconds(500);

    /// <summary>The scenario the schedules are for.</summary>
    public ScheduleSpace Space => space;

    /// <summary>Cases: a profile (drawn in swarm mode), a run seed, and one to <see cref="FaultProfile.MaxFaults"/> faults
    /// (<paramref name="exactly"/> that many when given: the benchmark's one, two and three faults).</summary>
    public Gen<FuzzCase> Cases(FaultProfile profile, int? exactly = null) =>
        from p in profile.Swarm ? SwarmProfiles(profile) : Gen.Constant(profile)
        from seed in Gen.Choose(1, int.MaxValue)
        from count in exactly is { } n ? Gen.Constant(n) : Gen.Choose(1, p.MaxFaults)
        from candidates in Faults(p).ArrayOf(p.BeyondTolerance ? count : count * CandidatesPerFault)
        select new FuzzCase(new FaultSchedule(space.Scenario.Name, Pick(p, candidates, count)), (ulong)seed, p);

    /// <summary>Case number <paramref name="index"/> of a fuzz session with seed <paramref name="seed"/>:
    /// the same arguments give the same case, whatever ran before it and on whichever thread.</summary>
    public FuzzCase CaseAt(FaultProfile profile, ulong seed, long index, int? exactly = null) =>
        Cases(profile, exactly).Sample(10, new Rnd(Seeds.Mix(seed, (ulong)index)), 1)[0];

    /// <summary>A profile drawn from the space <paramref name="swarm"/> spans: a non-empty subset of its kinds,
    /// targets and shapes, a fault count up to its maximum, a longest duration and offset within its ranges,
    /// and a share of open-ended faults up to its own. Its tolerance rule is the space's.</summary>
    public static Gen<FaultProfile> SwarmProfiles(FaultProfile swarm) =>
        from kinds in Subset(swarm.Kinds)
        from targets in Subset(swarm.Targets)
        from shapes in Subset(swarm.Shapes)
        from max in Gen.Choose(1, swarm.MaxFaults)
        from longest in DurationIn(swarm.Duration)
        from untilEnd in Gen.Choose(0, (int)Math.Round(swarm.UntilEnd * 100))
        from offset in DurationIn(swarm.Offset)
        select swarm with
        {
            Name = "swarm draw",
            Kinds = kinds,
            Targets = targets,
            Shapes = shapes,
            MaxFaults = max,
            Duration = new DurationRange(swarm.Duration.Min, longest),
            UntilEnd = untilEnd / 100.0,
            Offset = new DurationRange(swarm.Offset.Min, offset),
            Swarm = false,
        };

    /// <summary>One fault of profile <paramref name="p"/>, anywhere in the scenario.</summary>
    public Gen<Fault> Faults(FaultProfile p) =>
        from kind in Gen.Elements<FaultKind>(p.Kinds)
        from target in Targets(p)
        from boundary in Gen.Elements<Boundary>(space.Boundaries)
        from offset in Gen.Frequency((1, Gen.Constant(p.Offset.Min)), (1, DurationIn(p.Offset)))
        from lasts in Lasting(p)
        from shape in Gen.Elements<PartitionShape>(p.Shapes)
        from latency in DurationIn(p.Latency)
        from rate in Gen.Choose((int)Math.Round(p.Loss.Min * 100), (int)Math.Round(p.Loss.Max * 100))
        select new Fault(
            kind, target, boundary.At with { Offset = offset }, lasts,
            kind == FaultKind.Partition ? shape : PartitionShape.Isolate,
            kind == FaultKind.Delay ? latency : null,
            kind == FaultKind.Loss ? Math.Max(1, rate) / 100.0 : null);

    private Gen<FaultTarget> Targets(FaultProfile p) =>
        from kind in Gen.Elements<FaultTargetKind>(p.Targets)
        from host in Gen.Elements<string>(space.Hosts)
        from choice in Gen.Choose(0, 2)
        select kind switch
        {
            FaultTargetKind.Host => FaultTarget.Named(host),
            FaultTargetKind.Follower => new FaultTarget(FaultTargetKind.Follower, Choice: choice),
            _ => new FaultTarget(kind),
        };

    private static Gen<TimeSpan?> Lasting(FaultProfile p)
    {
        var finite = DurationIn(p.Duration).Select(d => (TimeSpan?)d);
        var percent = (int)Math.Round(p.UntilEnd * 100);
        return percent <= 0 ? finite
            : percent >= 100 ? Gen.Constant<TimeSpan?>(null)
            : Gen.Frequency((percent, Gen.Constant<TimeSpan?>(null)), (100 - percent, finite));
    }

    /// <summary>A duration in <paramref name="range"/>, spread evenly over orders of magnitude (as many
    /// 200 ms faults as 2 s ones), rounded to 10 ms where the range allows.</summary>
    internal static Gen<TimeSpan> DurationIn(DurationRange range) =>
        Gen.Choose(0, 1000).Select(x =>
        {
            var min = Math.Max(range.Min.TotalMilliseconds, 0);
            var max = range.Max.TotalMilliseconds;
            if (max <= min) return range.Min;
            var ms = min < 1 ? max * x / 1000.0 : min * Math.Pow(max / min, x / 1000.0);
            var step = max - min >= 100 ? 10.0 : 1.0;
            var rounded = Math.Clamp(Math.Round(ms / step) * step, min, max);
            return TimeSpan.FromMilliseconds(rounded);
        });

    private static Gen<IReadOnlyList<T>> Subset<T>(IReadOnlyList<T> items) =>
        Gen.Choose(1, (1 << items.Count) - 1).Select(mask => (IReadOnlyList<T>)items.Where((_, i) => (mask & (1 << i)) != 0).ToArray());

    /// <summary>The first <paramref name="count"/> candidates that fit together (all of them when beyond tolerance is allowed).</summary>
    private Fault[] Pick(FaultProfile p, Fault[] candidates, int count)
    {
        var chosen = new List<Fault>();
        foreach (var c in candidates)
        {
            if (chosen.Count == count) break;
            if (p.BeyondTolerance || Fits(chosen, c)) chosen.Add(c);
        }
        return chosen.ToArray();
    }

    /// <summary>True when, by the fault-free run's clock, the cluster could lose what <paramref name="chosen"/>
    /// and <paramref name="candidate"/> take out at every moment <paramref name="candidate"/> is in force.</summary>
    internal bool Fits(IReadOnlyList<Fault> chosen, Fault candidate)
    {
        var windows = chosen.Append(candidate).Select(f => (Fault: f, From: space.TimeOf(f.At), To: End(f))).ToArray();
        var (from, to) = (windows[^1].From, windows[^1].To);
        var moments = space.Tolerance.Moments(from, to).Concat(windows.Select(w => w.From).Where(t => t > from && t <= to));
        foreach (var t in moments)
        {
            var (voters, slack) = space.Tolerance.At(t);
            var load = windows.Where(w => w.From <= t && t <= w.To).Sum(w => TakesOut(w.Fault, voters));
            if (load > slack) return false;
        }
        return true;
    }

    private TimeSpan End(Fault f)
    {
        var from = space.TimeOf(f.At);
        var until = f.For is { } d ? from + d : TimeSpan.FromTicks(Math.Max(space.ProcedureEnd.Ticks, from.Ticks));
        return until + RecoveryMargin;
    }

    /// <summary>How many voting members <paramref name="f"/> takes out of a cluster of <paramref name="voters"/>
    /// (as the injector counts them: a minority partition the most the cluster could lose, a bridge none).</summary>
    internal static int TakesOut(Fault f, int voters) =>
        !f.TakesMemberOut ? 0
        : f.Kind != FaultKind.Partition ? 1
        : f.Shape switch
        {
            PartitionShape.Isolate => 1,
            PartitionShape.Minority => Math.Max(1, (voters - 1) / 2),
            _ => 0,
        };
}
