using System.Runtime.ExceptionServices;

namespace EtcdLab.Sim.Simulation;

/// <summary>
/// Owns the virtual clock, the seeded PRNG and the time-ordered event queue of one simulated
/// world. Everything that happens, happens inside <see cref="Step"/>, one event at a time, on the
/// caller's thread; nothing reads the wall clock.
/// </summary>
internal sealed class Simulator
{
    private readonly EventQueue _queue = new();
    private ExceptionDispatchInfo? _fault;

    public Simulator(ulong seed, SimulationOptions options)
    {
        options.Validate();
        Options = options;
        Random = new Prng(seed);
        // A year of possible start times: add-time member IDs differ between seeds.
        Clock = new VirtualClock(options.EpochBaseUnixSeconds + Random.NextLong(0, 365L * 24 * 3600));
    }

    public SimulationOptions Options { get; }

    public VirtualClock Clock { get; }

    /// <summary>The root generator; components take a <see cref="Prng.Fork"/> of it.</summary>
    public Prng Random { get; }

    public long NowMicros => Clock.NowMicros;

    public long EventsProcessed { get; private set; }

    public long PeerMessagesSent { get; set; }

    public long PeerMessagesDropped { get; set; }

    /// <summary>Optional observer of raft internals (tests).</summary>
    public ISimulationMonitor? Monitor { get; set; }

    /// <summary>The entries members applied, per cluster and index, to catch two that differ.</summary>
    public AppliedEntries Applied { get; } = new();

    public void ScheduleAt(long atMicros, ISimEvent e) => _queue.Enqueue(Math.Max(atMicros, NowMicros), e);

    public void ScheduleAfter(long delayMicros, ISimEvent e) => _queue.Enqueue(NowMicros + Math.Max(0, delayMicros), e);

    /// <summary>Records an exception thrown inside an actor, to be rethrown on the driving thread.</summary>
    public void ReportFault(Exception e) => _fault ??= ExceptionDispatchInfo.Capture(e);

    /// <summary>Rethrows an exception an actor reported while handling a message sent outside <see cref="Step"/>.</summary>
    public void ReportFaultIfAny() => _fault?.Throw();

    /// <summary>Processes the next event if it is due no later than <paramref name="limitMicros"/>.</summary>
    public bool Step(long limitMicros = long.MaxValue)
    {
        if (!_queue.TryPeekTime(out var at) || at > limitMicros) return false;
        var e = _queue.Dequeue(out at);
        Clock.AdvanceTo(at);
        EventsProcessed++;
        e.Fire();
        _fault?.Throw();
        return true;
    }

    /// <summary>Runs every event due up to <paramref name="untilMicros"/>, then sets the clock there.</summary>
    public void RunUntil(long untilMicros)
    {
        while (Step(untilMicros))
        {
        }
        if (untilMicros > NowMicros) Clock.AdvanceTo(untilMicros);
    }
}
