using EtcdLab.Core.Faults;
using EtcdLab.Fuzz.Generation;
using EtcdLab.Fuzz.Profiles;

namespace EtcdLab.Fuzz.Tests;

public sealed class GenerationSpec
{
    private static readonly Lazy<ScheduleSpace> P1 = new(() => ScheduleSpace.ExploreAsync(Repo.P1, 1, CancellationToken.None).GetAwaiter().GetResult());

    [Fact]
    public void Same_seed_should_give_the_same_schedules_on_any_thread_in_any_order()
    {
        var generator = new ScheduleGenerator(P1.Value);
        var inOrder = Enumerable.Range(0, 60).Select(i => generator.CaseAt(FaultProfiles.Harsh, 5, i)).ToArray();
        var backwards = new FuzzCase[60];
        Parallel.For(0, 60, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => backwards[59 - i] = new ScheduleGenerator(P1.Value).CaseAt(FaultProfiles.Harsh, 5, 59 - i));

        Assert.Equal(inOrder.Select(c => c.Key), backwards.Select(c => c.Key));
    }

    [Fact]
    public void Another_seed_should_give_other_schedules()
    {
        var generator = new ScheduleGenerator(P1.Value);
        var one = Enumerable.Range(0, 20).Select(i => generator.CaseAt(FaultProfiles.Harsh, 5, i).Key);
        var other = Enumerable.Range(0, 20).Select(i => generator.CaseAt(FaultProfiles.Harsh, 6, i).Key);

        Assert.True(one.Except(other).Count() >= 18);
    }

    [Fact]
    public void Schedules_should_stay_within_their_profile()
    {
        var profile = FaultProfiles.Harsh with { Kinds = [FaultKind.Stop, FaultKind.Partition], Targets = [FaultTargetKind.Host, FaultTargetKind.Leader], MaxFaults = 2 };
        var generator = new ScheduleGenerator(P1.Value);

        var faults = Enumerable.Range(0, 300).Select(i => generator.CaseAt(profile, 3, i)).SelectMany(c =>
        {
            Assert.InRange(c.Schedule.Faults.Count, 1, 2);
            return c.Schedule.Faults;
        }).ToArray();

        Assert.All(faults, f =>
        {
            Assert.Contains(f.Kind, profile.Kinds);
            Assert.Contains(f.Target.Kind, profile.Targets);
            Assert.True(f.For is null || (f.For >= profile.Duration.Min && f.For <= profile.Duration.Max), $"{f.For}");
            Assert.InRange(f.At.Offset, profile.Offset.Min, profile.Offset.Max);
            Assert.InRange(f.At.Step, 1, Repo.P1.Steps.Count);
        });
        // Every kind, target kind, and both sides of a step show up in 300 schedules.
        Assert.Equal(2, faults.Select(f => f.Kind).Distinct().Count());
        Assert.Equal(2, faults.Select(f => f.Target.Kind).Distinct().Count());
        Assert.Equal(2, faults.Select(f => f.At.After).Distinct().Count());
        Assert.Contains(faults, f => f.For is null);
    }

    [Fact]
    public void Within_tolerance_schedules_should_strike_only_where_the_fault_free_run_could_lose_a_member()
    {
        // P1 runs a member short from step 2 (m3 killed) until m4 starts at step 9: a within-tolerance
        // crash or partition has no room there; the same draws allowed beyond tolerance land there too.
        var space = P1.Value;
        var generator = new ScheduleGenerator(space);
        int SlackAtStrike(Fault f) => space.Tolerance.At(space.TimeOf(f.At)).Slack;
        Fault[] Draw(FaultProfile p) => Enumerable.Range(0, 400).SelectMany(i => generator.CaseAt(p, 9, i).Schedule.Faults).ToArray();

        var within = Draw(FaultProfiles.Default);
        var beyond = Draw(FaultProfiles.Default with { BeyondTolerance = true });

        Assert.NotEmpty(within);
        Assert.All(within, f => Assert.True(SlackAtStrike(f) >= 1, $"{f.Describe()} strikes where the cluster tolerates nothing"));
        Assert.Contains(beyond, f => SlackAtStrike(f) < 1);
    }

    [Fact]
    public void Swarm_should_draw_each_case_its_own_profile_inside_its_space()
    {
        var generator = new ScheduleGenerator(P1.Value);
        var cases = Enumerable.Range(0, 100).Select(i => generator.CaseAt(FaultProfiles.Swarm, 2, i)).ToArray();
        var profiles = cases.Select(c => c.Profile).ToArray();

        Assert.All(profiles, p =>
        {
            Assert.False(p.Swarm);
            Assert.Subset(FaultProfiles.Swarm.Kinds.ToHashSet(), p.Kinds.ToHashSet());
            Assert.InRange(p.MaxFaults, 1, FaultProfiles.Swarm.MaxFaults);
            Assert.InRange(p.Duration.Max, FaultProfiles.Swarm.Duration.Min, FaultProfiles.Swarm.Duration.Max);
        });
        Assert.All(cases, c => Assert.All(c.Schedule.Faults, f => Assert.Contains(f.Kind, c.Profile.Kinds)));
        Assert.True(profiles.Select(p => p.Describe()).Distinct().Count() > 50);
        Assert.Contains("profile swarm draw", cases[0].ToString());
    }
}
