namespace EtcdLab.Sim.Simulation;

/// <summary>
/// Virtual time in microseconds since the target was initialised, plus the Unix time the simulated
/// hosts believe it is (a base epoch drawn from the seed, so member IDs that mix in the add time
/// differ between seeds yet repeat for one seed).
/// </summary>
internal sealed class VirtualClock(long epochUnixSeconds)
{
    public long NowMicros { get; private set; }

    public TimeSpan Now => TimeSpan.FromTicks(NowMicros * 10);

    /// <summary>What <c>time.Now().Unix()</c> returns on a simulated host.</summary>
    public long UnixSeconds => epochUnixSeconds + NowMicros / 1_000_000;

    public void AdvanceTo(long micros)
    {
        if (micros < NowMicros) throw new InvalidOperationException($"virtual time cannot go back from {NowMicros} to {micros} µs");
        NowMicros = micros;
    }
}
