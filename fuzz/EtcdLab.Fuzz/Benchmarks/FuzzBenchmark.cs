using System.Diagnostics;
using EtcdLab.Fuzz.Engine;
using EtcdLab.Fuzz.Generation;
using EtcdLab.Fuzz.Profiles;
using EtcdLab.Fuzz.Running;

namespace EtcdLab.Fuzz.Benchmarks;

/// <summary>
/// The fuzzer's speed (<c>etcdlab fuzz --bench</c>): schedules per minute with one, two and three faults
/// on every core, checkers included, nothing stored; and the time to find and shrink the planted weakness.
/// </summary>
public static class FuzzBenchmark
{
    /// <summary>The faults measured: crashes, stops, pauses and partitions of every shape, at any host or role,
    /// beyond tolerance allowed (so every run counts).</summary>
    public static FaultProfile Profile { get; } = FaultProfiles.Harsh with
    {
        Name = "bench",
        Kinds = [Core.Faults.FaultKind.Crash, Core.Faults.FaultKind.Stop, Core.Faults.FaultKind.Pause, Core.Faults.FaultKind.Partition],
        UntilEnd = 0,
    };

    /// <summary>Runs schedules of exactly <paramref name="faults"/> faults for <paramref name="duration"/> of wall time
    /// on <paramref name="jobs"/> threads, after <paramref name="warmUp"/> of unmeasured runs (the JIT compiles hot code
    /// fully only after it ran a while).</summary>
    public static async Task<RateMeasurement> MeasureRateAsync(
        ScheduleSpace space, int faults, TimeSpan duration, TimeSpan warmUp, int jobs, ulong seed, CancellationToken ct)
    {
        var generator = new ScheduleGenerator(space);
        var runner = new CaseRunner(space.Scenario);
        long offset = 0;
        if (warmUp > TimeSpan.Zero)
        {
            var warm = Stopwatch.StartNew();
            await Workers.RunAsync(long.MaxValue, jobs, _ => warm.Elapsed < warmUp,
                i => runner.RunAsync(generator.CaseAt(Profile, seed, i, faults), ct).GetAwaiter().GetResult(), ct);
            offset = 1_000_000;
        }
        var simulated = 0L;
        long runs = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        await Workers.RunAsync(long.MaxValue, jobs, _ => wall.Elapsed < duration, i =>
        {
            var result = runner.RunAsync(generator.CaseAt(Profile, seed, offset + i, faults), ct).GetAwaiter().GetResult();
            Interlocked.Add(ref simulated, result.TargetTime.Ticks);
            Interlocked.Increment(ref runs);
        }, ct);
        wall.Stop();
        return new RateMeasurement(faults, runs, wall.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu, jobs, TimeSpan.FromTicks(simulated).TotalSeconds);
    }

    /// <summary>Fuzzes the planted weakness (<see cref="PlantedWeakness"/>) under its profile until the first failure,
    /// and shrinks it.</summary>
    public static async Task<ShrinkMeasurement> MeasureShrinkAsync(int jobs, ulong seed, CancellationToken ct)
    {
        var wall = Stopwatch.StartNew();
        var report = await new Fuzzer(new FuzzOptions { Runs = 5000, Seed = seed, Profile = PlantedWeakness.Profile, Jobs = jobs })
            .FuzzAsync(PlantedWeakness.Load(), ct);
        wall.Stop();
        return new ShrinkMeasurement(report, wall.Elapsed, report.Findings is [var f] && PlantedWeakness.IsTheWeaknessAlone(f.Minimal.Schedule));
    }
}
