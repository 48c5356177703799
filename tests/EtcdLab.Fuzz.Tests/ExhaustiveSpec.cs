using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Faults;
using EtcdLab.Fuzz.Benchmarks;
using EtcdLab.Fuzz.Exhaustive;
using EtcdLab.Fuzz.Generation;
using EtcdLab.Fuzz.Profiles;

namespace EtcdLab.Fuzz.Tests;

public sealed class ExhaustiveSpec
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Fault_map_should_show_the_planted_weakness_in_its_one_cell()
    {
        var profile = FaultProfiles.Default with { Kinds = [FaultKind.Crash], Targets = [FaultTargetKind.Host], Duration = DurationRange.Exactly(TimeSpan.FromSeconds(2)) };
        var space = await ScheduleSpace.ExploreAsync(PlantedWeakness.Load(), 1, Ct);
        var fuzzer = new ExhaustiveFuzzer(space, profile, 1, Environment.ProcessorCount);

        var map = await fuzzer.SinglesAsync(Ct);

        Assert.Equal(space.Hosts.Count, map.Columns.Count);
        Assert.Equal(fuzzer.SingleCount, map.Cells.Count);
        var weak = Assert.Single(map.WeakSpots);
        Assert.Equal((4, "m2"), (weak.Step, weak.Column.Target.Host));
        Assert.Equal("✗ procedure-completes", weak.Text);
        Assert.All(map.Cells.Where(c => c != weak), c => Assert.Equal("ok", c.Text));
    }

    [Fact]
    public async Task Pairs_should_be_refused_with_their_count_past_the_bound()
    {
        var space = await ScheduleSpace.ExploreAsync(Repo.P1, 1, Ct);
        var fuzzer = new ExhaustiveFuzzer(space, FaultProfiles.Default, 1, 1);
        var map = new FaultMap(space.Scenario, FaultProfiles.Default, TimeSpan.Zero, 1, fuzzer.Columns, []);

        Assert.True(fuzzer.PairCount > ExhaustiveFuzzer.MaxPairRuns);
        var e = await Assert.ThrowsAsync<InputException>(() => fuzzer.PairsAsync(map, Ct));
        Assert.Contains($"{fuzzer.PairCount:N0} pairs", e.Message);
    }
}
