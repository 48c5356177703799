using System.Text.Json;
using EtcdLab.Core.Events;
using EtcdLab.Fuzz.Benchmarks;
using EtcdLab.Fuzz.Engine;
using EtcdLab.Fuzz.Generation;
using EtcdLab.Fuzz.Profiles;
using EtcdLab.Fuzz.Running;

namespace EtcdLab.Fuzz.Tests;

public sealed class DeterminismSpec
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static string Log(CaseResult r) => string.Join('\n', r.Events!.Select(e => JsonSerializer.Serialize(e, RunEventJson.Options)));

    [Fact]
    public async Task Same_case_should_give_a_byte_identical_event_log()
    {
        var space = await ScheduleSpace.ExploreAsync(Repo.P1, 1, Ct);
        var runner = new CaseRunner(Repo.P1) { KeepEvents = true };
        var generator = new ScheduleGenerator(space);

        for (var i = 0; i < 3; i++)
        {
            var c = generator.CaseAt(FaultProfiles.Harsh, 4, i);
            var first = await runner.RunAsync(c, Ct);
            var second = await runner.RunAsync(generator.CaseAt(FaultProfiles.Harsh, 4, i), Ct);
            Assert.Contains(first.Events!, e => e is FaultInjected);
            Assert.Equal(Log(first), Log(second));
        }
    }

    [Fact]
    public async Task Runs_on_many_threads_should_equal_runs_one_at_a_time()
    {
        var space = await ScheduleSpace.ExploreAsync(Repo.P1, 1, Ct);
        var runner = new CaseRunner(Repo.P1) { KeepEvents = true };
        var generator = new ScheduleGenerator(space);
        var cases = Enumerable.Range(0, 12).Select(i => generator.CaseAt(FaultProfiles.Harsh, 8, i)).ToArray();

        var alone = new List<string>();
        foreach (var c in cases) alone.Add(Log(await runner.RunAsync(c, Ct)));
        var together = new string[cases.Length];
        await Parallel.ForAsync(0, cases.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) => together[i] = Log(await runner.RunAsync(cases[i], ct)));

        Assert.Equal(alone, together);
    }

    [Fact]
    public async Task Fuzz_session_should_report_the_same_finding_whatever_the_number_of_jobs()
    {
        var space = await ScheduleSpace.ExploreAsync(PlantedWeakness.Load(), 3, Ct);
        FuzzReport Fuzz(int jobs) =>
            new Fuzzer(new FuzzOptions { Runs = 3000, Seed = 3, Jobs = jobs, Profile = PlantedWeakness.Profile }).FuzzAsync(space, Ct).GetAwaiter().GetResult();

        var one = Fuzz(1);
        var three = Fuzz(3);

        var a = Assert.Single(one.Findings);
        var b = Assert.Single(three.Findings);
        Assert.Equal(a.Index, b.Index);
        Assert.Equal(a.Found.Key, b.Found.Key);
        Assert.Equal(a.Minimal.Key, b.Minimal.Key);
    }
}
