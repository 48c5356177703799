using EtcdLab.Core.Faults;
using EtcdLab.Fuzz.Engine;
using EtcdLab.Fuzz.Generation;
using EtcdLab.Fuzz.Judging;
using EtcdLab.Fuzz.Profiles;
using EtcdLab.Fuzz.Running;

namespace EtcdLab.Fuzz.Tests;

public sealed class ToleranceSpec
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Profile_that_allows_nothing_beyond_tolerance_should_never_report_a_beyond_tolerance_failure()
    {
        // Harsh kinds and three faults make beyond-tolerance runs common; the profile forbids them.
        var strict = FaultProfiles.Harsh with { Name = "harsh within tolerance", BeyondTolerance = false };
        var space = await ScheduleSpace.ExploreAsync(Repo.P1, 1, Ct);
        var fuzzer = new Fuzzer(new FuzzOptions { Runs = 600, Seed = 5, Profile = strict, KeepGoing = true, MaxShrunk = 3 });

        var report = await fuzzer.FuzzAsync(space, Ct);

        Assert.True(report.Discarded > 0, "no run went beyond tolerance: the test shows nothing");
        Assert.Equal(report.Runs, report.Passed + report.Failed + report.Discarded);
        Assert.All(report.Findings, f =>
        {
            Assert.True(f.Judgement.WithinTolerance, f.Found.ToString());
            Assert.True(f.MinimalJudgement.WithinTolerance, f.Minimal.ToString());
        });
    }

    [Fact]
    public async Task Same_profile_allowing_beyond_tolerance_should_count_those_failures()
    {
        var space = await ScheduleSpace.ExploreAsync(Repo.P1, 1, Ct);
        var report = await new Fuzzer(new FuzzOptions { Runs = 300, Seed = 5, Profile = FaultProfiles.Harsh, KeepGoing = true, MaxShrunk = 20 }).FuzzAsync(space, Ct);

        Assert.Equal(0, report.Discarded);
        Assert.Contains(report.Findings, f => !f.Judgement.WithinTolerance);
    }

    [Fact]
    public async Task Judge_should_call_a_fault_beyond_tolerance_once_the_runbook_kills_another_member_while_it_lasts()
    {
        // P1 kills m3 at step 2: a crash of m1 struck before it is within tolerance when it strikes,
        // but together with the runbook's kill it leaves one member of three.
        var runner = new CaseRunner(Repo.P1) { KeepEvents = true };
        FuzzCase Crash(TimeSpan lasts) => new(new FaultSchedule(Repo.P1.Name,
            [new Fault(FaultKind.Crash, FaultTarget.Named("m1"), new FaultPlacement(false, 2, TimeSpan.Zero), lasts)]), 3, FaultProfiles.Default);

        var overlapping = await runner.RunAsync(Crash(TimeSpan.FromSeconds(5)), Ct);

        var struck = Assert.Single(overlapping.Events!.OfType<Core.Events.FaultInjected>());
        Assert.True(struck.WithinTolerance);
        var verdict = Core.Checkers.FaultVerdict.Of(overlapping.Events!, Core.Checkers.InvariantCheckers.Check(overlapping.Events!));
        Assert.Equal(1, verdict!.BeyondTolerance);
        // What breaks while one member of three runs (the writers) is not the runbook's: never a finding.
        Assert.DoesNotContain(verdict.Failures, f => f.Tolerance == Core.Checkers.FaultTolerance.Within);
        Assert.NotEqual(CaseVerdict.Failed, overlapping.Verdict);
    }

    [Fact]
    public async Task Judge_should_keep_a_fault_the_cluster_rides_out_within_tolerance()
    {
        var runner = new CaseRunner(Repo.P1);
        var c = new FuzzCase(new FaultSchedule(Repo.P1.Name,
            [new Fault(FaultKind.Crash, FaultTarget.Named("m2"), new FaultPlacement(true, 12, TimeSpan.Zero), TimeSpan.FromSeconds(1))]), 3, FaultProfiles.Default);

        var result = await runner.RunAsync(c, Ct);

        Assert.True(result.Judgement.WithinTolerance);
        Assert.Equal(CaseVerdict.Passed, result.Verdict);
    }
}
