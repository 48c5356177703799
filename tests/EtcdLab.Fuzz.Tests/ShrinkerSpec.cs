using EtcdLab.Core.Faults;
using EtcdLab.Fuzz.Generation;
using EtcdLab.Fuzz.Profiles;
using EtcdLab.Fuzz.Shrinking;

namespace EtcdLab.Fuzz.Tests;

public sealed class ShrinkerSpec
{
    private static readonly string[] Hosts = ["m1", "m2", "m3"];
    private static readonly ScheduleShrinker Shrinker = new(Hosts);

    private static Fault Crash(FaultTarget target, int step, TimeSpan? lasts, int offsetMs = 0) =>
        new(FaultKind.Crash, target, new FaultPlacement(true, step, TimeSpan.FromMilliseconds(offsetMs)), lasts);

    private static FuzzCase Case(FaultProfile profile, params Fault[] faults) => new(new FaultSchedule("s", faults), 42, profile);

    [Fact]
    public void Shrinker_should_try_fewer_faults_before_anything_else()
    {
        var c = Case(FaultProfiles.Harsh,
            Crash(FaultTarget.Named("m1"), 1, TimeSpan.FromSeconds(5), 300),
            Crash(FaultTarget.Named("m2"), 2, TimeSpan.FromSeconds(5)),
            Crash(FaultTarget.Named("m3"), 3, TimeSpan.FromSeconds(5)));

        var first = Shrinker.Shrink(c).Take(6).ToArray();

        Assert.All(first, s => Assert.True(s.Schedule.Faults.Count < 3));
        Assert.Equal([c.Schedule.Faults[0]], first[0].Schedule.Faults);
        Assert.Equal(2, first[3].Schedule.Faults.Count);
    }

    [Fact]
    public void Shrinker_should_keep_the_run_seed_and_the_profile()
    {
        var c = Case(FaultProfiles.Default, Crash(new FaultTarget(FaultTargetKind.Leader), 2, TimeSpan.FromSeconds(4), 500));

        Assert.All(Shrinker.Shrink(c), s =>
        {
            Assert.Equal(42UL, s.RunSeed);
            Assert.Same(FaultProfiles.Default, s.Profile);
        });
    }

    [Fact]
    public void Shrinker_should_shorten_then_move_to_the_boundary_then_name_the_host()
    {
        var c = Case(FaultProfiles.Default, Crash(new FaultTarget(FaultTargetKind.Leader), 2, TimeSpan.FromSeconds(4), 500));

        var all = Shrinker.Shrink(c).Where(s => s.Schedule.Faults.Count == 1).Select(s => s.Schedule.Faults[0]).ToArray();

        int Where(Func<Fault, bool> p) => Array.FindIndex(all, f => p(f));
        var shorter = Where(f => f.For < TimeSpan.FromSeconds(4));
        var boundary = Where(f => f.At.Offset == TimeSpan.Zero);
        var named = Where(f => f.Target.Kind == FaultTargetKind.Host);
        Assert.True(shorter >= 0 && boundary > shorter && named > boundary, $"shorter {shorter}, boundary {boundary}, named {named}");
        Assert.Equal(Hosts, all.Where(f => f.Target.Kind == FaultTargetKind.Host).Select(f => f.Target.Host!));
        Assert.Equal(FaultProfiles.Default.Duration.Min, all[shorter].For);
    }

    [Fact]
    public void Shrinker_should_narrow_a_partition_and_weaken_only_into_kinds_the_profile_allows()
    {
        var partition = new Fault(FaultKind.Partition, FaultTarget.Named("m1"), new FaultPlacement(false, 3, TimeSpan.Zero), TimeSpan.FromSeconds(1), PartitionShape.Bridge);
        var withDelay = FaultProfiles.Default with { Kinds = [FaultKind.Partition, FaultKind.Delay] };

        var withoutDelay = Shrinker.Shrink(Case(FaultProfiles.Default, partition)).Where(s => s.Schedule.Faults.Count == 1).Select(s => s.Schedule.Faults[0]).ToArray();
        var delayAllowed = Shrinker.Shrink(Case(withDelay, partition)).Where(s => s.Schedule.Faults.Count == 1).Select(s => s.Schedule.Faults[0]).ToArray();

        Assert.Contains(withoutDelay, f => f.Shape == PartitionShape.Minority);
        Assert.Contains(withoutDelay, f => f.Shape == PartitionShape.Isolate && f.Target.Host == "m2");
        Assert.DoesNotContain(withoutDelay, f => f.Kind == FaultKind.Delay);
        Assert.Contains(delayAllowed, f => f.Kind == FaultKind.Delay && f.Latency == withDelay.Latency.Max);
    }

    [Fact]
    public void Shrinking_by_always_taking_the_first_proposal_should_end()
    {
        var c = Case(FaultProfiles.Harsh,
            new Fault(FaultKind.DiskLoss, new FaultTarget(FaultTargetKind.Follower, Choice: 2), new FaultPlacement(true, 1, TimeSpan.FromMilliseconds(2900)), null),
            new Fault(FaultKind.Partition, new FaultTarget(FaultTargetKind.Leader), new FaultPlacement(false, 2, TimeSpan.FromMilliseconds(1300)), TimeSpan.FromSeconds(19), PartitionShape.Bridge));

        // The last proposal each time is the slowest descent; it must still reach a case with no proposal.
        var steps = 0;
        for (var current = c; Shrinker.Shrink(current).LastOrDefault() is { } next; current = next)
            Assert.True(++steps < 500, "shrinking does not end");
        Assert.True(steps > 5);
    }
}
