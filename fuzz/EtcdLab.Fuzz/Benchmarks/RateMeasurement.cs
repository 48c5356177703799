namespace EtcdLab.Fuzz.Benchmarks;

/// <summary>How many schedules a minute the fuzzer ran.</summary>
/// <param name="Faults">Faults per schedule.</param>
/// <param name="Runs">Schedules run.</param>
/// <param name="Wall">Wall time they took.</param>
/// <param name="Cpu">Processor time the process spent meanwhile (all threads: runs, checkers, JIT, GC).</param>
/// <param name="Jobs">Runs at a time.</param>
/// <param name="SimulatedSeconds">Simulated time of all runs together.</param>
public sealed record RateMeasurement(int Faults, long Runs, TimeSpan Wall, TimeSpan Cpu, int Jobs, double SimulatedSeconds)
{
    /// <summary>Schedules per minute of wall time.</summary>
    public double PerMinute => Runs / Wall.TotalMinutes;

    /// <summary>Processor milliseconds one schedule cost.</summary>
    public double CpuMillisecondsPerRun => Cpu.TotalMilliseconds / Math.Max(1, Runs);
}
