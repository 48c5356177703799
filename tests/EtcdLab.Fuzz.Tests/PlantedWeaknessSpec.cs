using EtcdLab.Core.Faults;
using EtcdLab.Fuzz.Benchmarks;
using EtcdLab.Fuzz.Engine;
using EtcdLab.Fuzz.Generation;
using EtcdLab.Fuzz.Running;

namespace EtcdLab.Fuzz.Tests;

/// <summary>The shrinker proven on a planted weakness: a scenario that breaks only when m2 is out at the
/// boundary of steps 3 and 4, among every fault a three-fault profile can draw.</summary>
public sealed class PlantedWeaknessSpec
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Fuzzer_should_find_the_planted_weakness_and_shrink_it_to_that_fault_alone()
    {
        var report = await new Fuzzer(new FuzzOptions { Runs = 3000, Seed = 1, Profile = PlantedWeakness.Profile })
            .FuzzAsync(PlantedWeakness.Load(), Ct);

        var finding = Assert.Single(report.Findings);
        Assert.True(PlantedWeakness.IsTheWeaknessAlone(finding.Minimal.Schedule), $"shrunk to: {finding.Minimal}; found: {finding.Found}");
        Assert.Equal(finding.Found.RunSeed, finding.Minimal.RunSeed);
        Assert.True(finding.MinimalJudgement is { Failed: true, WithinTolerance: true });
        Assert.Contains(Judging.RunJudgement.ProcedureIncomplete, finding.MinimalJudgement.Broken);
        Assert.Equal(4, finding.MinimalJudgement.StepOf(Judging.RunJudgement.ProcedureIncomplete));
    }

    [Fact]
    public async Task Planted_scenario_should_break_only_when_its_fault_strikes()
    {
        var scenario = PlantedWeakness.Load();
        var runner = new CaseRunner(scenario);
        Fault Kill(string host, bool after, int step) => new(FaultKind.Crash, FaultTarget.Named(host), new FaultPlacement(after, step, TimeSpan.Zero), TimeSpan.FromSeconds(1));
        async Task<CaseVerdict> Verdict(params Fault[] faults) =>
            (await runner.RunAsync(new FuzzCase(new FaultSchedule(scenario.Name, faults), 7, PlantedWeakness.Profile), Ct)).Verdict;

        Assert.Equal(CaseVerdict.Failed, await Verdict(Kill("m2", after: true, 3)));
        Assert.Equal(CaseVerdict.Passed, await Verdict(Kill("m3", after: true, 3)));
        Assert.Equal(CaseVerdict.Passed, await Verdict(Kill("m2", after: true, 2)));
        Assert.Equal(CaseVerdict.Passed, await Verdict(Kill("m2", after: true, 4)));
        Assert.Equal(CaseVerdict.Passed, await Verdict());
    }

    [Fact]
    public async Task Shrinker_should_reach_the_weakness_alone_from_a_noisy_schedule()
    {
        var scenario = PlantedWeakness.Load();
        var space = ScheduleSpace.WithoutBaseline(scenario);
        var runner = new CaseRunner(scenario);
        var noisy = new FuzzCase(new FaultSchedule(scenario.Name,
        [
            new Fault(FaultKind.Partition, new FaultTarget(FaultTargetKind.Leader), new FaultPlacement(true, 1, TimeSpan.FromMilliseconds(300)), TimeSpan.FromSeconds(4), PartitionShape.Minority),
            new Fault(FaultKind.Crash, new FaultTarget(FaultTargetKind.Host, "m2"), new FaultPlacement(false, 4, TimeSpan.Zero), TimeSpan.FromSeconds(8)),
            new Fault(FaultKind.Crash, FaultTarget.Named("m5"), new FaultPlacement(true, 6, TimeSpan.FromMilliseconds(700)), null),
        ]), 11, PlantedWeakness.Profile);
        Assert.Equal(CaseVerdict.Failed, (await runner.RunAsync(noisy, Ct)).Verdict);

        var shrunk = Shrinking.CaseShrinking.Shrink(noisy, new Shrinking.ScheduleShrinker(space),
            c => runner.RunAsync(c, Ct).GetAwaiter().GetResult().Verdict == CaseVerdict.Failed);

        Assert.True(shrunk.Reproduced);
        Assert.True(PlantedWeakness.IsTheWeaknessAlone(shrunk.Minimal.Schedule), shrunk.Minimal.ToString());
        Assert.Equal(PlantedWeakness.Profile.Duration.Min, shrunk.Minimal.Schedule.Faults[0].For);
        Assert.True(shrunk.Shrinks >= 2, $"{shrunk.Shrinks} shrinks");
    }
}
