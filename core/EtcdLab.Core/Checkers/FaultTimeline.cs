using EtcdLab.Core.Events;
using EtcdLab.Core.Targets;

namespace EtcdLab.Core.Checkers;

/// <summary>
/// When the faults of a run's schedule counted as beyond tolerance, read from its events (faults struck and
/// undone, processes started and stopped, observed memberships), and where each failure of the run falls among
/// them: within the failures the runbook should tolerate, or beyond tolerance (<see cref="FaultTolerance"/>).
/// </summary>
/// <remarks>
/// <para>A fault is beyond tolerance when the cluster could not spare the members it held out at that moment. The
/// injector judges that when the fault strikes (<see cref="FaultInjected.WithinTolerance"/>); a fault within
/// tolerance then becomes beyond it at the first event, while it is in force, after which fewer voting members run
/// than a quorum where the members it holds out would have made one: the procedure itself took others down
/// meanwhile (P1 kills the failed member while the schedule has another one down). Which members run is followed
/// from the process events; the voting members are those of the latest observation.</para>
/// <para>A fault counts as beyond tolerance until the cluster has recovered from it (the first observation after
/// its undo in which a quorum of the voting members serves with a leader), not only until its undo: a cluster that
/// lost its quorum needs an election before it serves again, and what fails meanwhile fails because of the fault.
/// A fault that was skipped (it found no host to hit) never counts.</para>
/// <para>When a step fails because of a fault beyond tolerance, the procedure was cut short by the schedule, and
/// every failure after that step is put down to the same fault (the runbook did not get to finish).</para>
/// </remarks>
public sealed class FaultTimeline
{
    private readonly Dictionary<int, (long First, long Last)> _steps = [];
    private readonly (long Seq, int Step, FaultPeriod Fault)? _cutShort;

    /// <summary>Reads the periods from <paramref name="events"/>.</summary>
    public FaultTimeline(IReadOnlyList<RunEvent> events)
    {
        var periods = new List<Draft>();
        var running = new HashSet<string>(StringComparer.Ordinal);
        IReadOnlyList<string>? voters = null;
        foreach (var e in events)
        {
            _steps[e.Step] = _steps.TryGetValue(e.Step, out var range) ? (Math.Min(range.First, e.Seq), Math.Max(range.Last, e.Seq)) : (e.Seq, e.Seq);
            switch (e)
            {
                case FaultInjected injected:
                    UnderFaults = true;
                    if (injected.Skipped is null) periods.Add(new Draft(injected));
                    break;
                case FaultUndone u when periods.LastOrDefault(p => p.Struck.Fault == u.Fault && p.Undone == long.MaxValue) is { } open:
                    open.Undone = u.Seq;
                    break;
                case ClusterObserved observed when RunLog.Membership(observed.Observation) is { } members:
                    voters = members.Where(m => !m.IsLearner).Select(m => RunLog.HostOf(m, observed.Observation) ?? $"{m.IdHex} (unstarted)").ToArray();
                    break;
                case ProcessStarted started:
                    running.Add(started.Host);
                    break;
                case ProcessResumed resumed:
                    running.Add(resumed.Host);
                    break;
                case ProcessStopped stopped:
                    running.Remove(stopped.Host);
                    break;
                case ProcessExited exited:
                    running.Remove(exited.Host);
                    break;
                case ProcessPaused paused:
                    running.Remove(paused.Host);
                    break;
                default:
                    continue;
            }
            if (voters is not null) Escalate(periods, e.Seq, voters, running);
        }
        foreach (var p in periods.Where(p => p.BeyondFrom is not null && p.Undone != long.MaxValue))
            p.Ends = events.OfType<ClusterObserved>().FirstOrDefault(o => o.Seq > p.Undone && Recovered(o.Observation))?.Seq ?? long.MaxValue;
        Periods = periods.Select(p => p.Build()).ToArray();

        if (events.OfType<StepFinished>().FirstOrDefault(f => !f.Passed) is { } failed && BeyondBy(failed.Seq) is { } cause)
            _cutShort = (failed.Seq, failed.Index, cause);
    }

    /// <summary>True when the run had a fault schedule (some fault was due, whether or not it struck).</summary>
    public bool UnderFaults { get; }

    /// <summary>Every fault that struck, in the order it struck.</summary>
    public IReadOnlyList<FaultPeriod> Periods { get; }

    /// <summary>The faults that counted as beyond tolerance at some moment.</summary>
    public IEnumerable<FaultPeriod> BeyondTolerance => Periods.Where(p => p.EverBeyond);

    /// <summary>A fault beyond tolerance at event number <paramref name="seq"/>, or null.</summary>
    public FaultPeriod? BeyondAt(long seq) => Periods.FirstOrDefault(p => p.BeyondAt(seq));

    /// <summary>A fault beyond tolerance at any moment of step <paramref name="step"/>, or null.</summary>
    public FaultPeriod? BeyondDuring(int step) =>
        _steps.TryGetValue(step, out var range) ? BeyondTolerance.FirstOrDefault(p => p.BeyondFrom <= range.Last && range.First < p.Ends) : null;

    /// <summary>A fault that had counted as beyond tolerance by event number <paramref name="seq"/>, or null.</summary>
    public FaultPeriod? BeyondBy(long seq) => BeyondTolerance.FirstOrDefault(p => p.BeyondFrom <= seq);

    /// <summary>The fault beyond tolerance a failure shown by event <paramref name="seq"/> (0: unknown, the whole step
    /// <paramref name="step"/> is considered) is put down to under <paramref name="rule"/>, or null when the runbook is
    /// to blame: one in force then (<see cref="ToleranceRule.WhileInForce"/>) or struck before
    /// (<see cref="ToleranceRule.SinceStruck"/>), or the one that cut the procedure short before it.</summary>
    public FaultPeriod? Responsible(ToleranceRule rule, int step, long seq)
    {
        var byRule = rule switch
        {
            ToleranceRule.SinceStruck => BeyondBy(seq > 0 ? seq : _steps.TryGetValue(step, out var range) ? range.Last : long.MaxValue),
            _ => seq > 0 ? BeyondAt(seq) : BeyondDuring(step),
        };
        if (byRule is not null) return byRule;
        return _cutShort is { } cut && (seq > 0 ? seq > cut.Seq : step > cut.Step) ? cut.Fault : null;
    }

    /// <summary>Where a failure shown by event <paramref name="seq"/> during step <paramref name="step"/> falls;
    /// null for a run without a fault schedule.</summary>
    public FaultTolerance? Classify(ToleranceRule rule, int step, long seq) =>
        !UnderFaults ? null : Responsible(rule, step, seq) is null ? FaultTolerance.Within : FaultTolerance.Beyond;

    /// <summary>The classification in an operator's words.</summary>
    public static string Describe(FaultTolerance tolerance) => tolerance == FaultTolerance.Within
        ? "runbook breaks within the failures it should tolerate"
        : "beyond tolerance";

    /// <summary>Marks as beyond tolerance, from event <paramref name="seq"/> on, every fault in force and within
    /// tolerance so far that holds out a voting member, when fewer of the <paramref name="voters"/> run than a
    /// quorum and the members the faults in force hold out would have made one.</summary>
    private static void Escalate(List<Draft> periods, long seq, IReadOnlyList<string> voters, IReadOnlySet<string> running)
    {
        var active = periods.Where(p => p.Struck.Seq <= seq && seq < p.Undone).ToArray();
        if (active.Length == 0) return;
        var held = active.ToDictionary(p => p, p => Held(p.Struck, voters.Count).Intersect(voters).ToArray());
        var heldHosts = held.Values.SelectMany(h => h).ToHashSet(StringComparer.Ordinal);
        var quorum = RunLog.Quorum(voters.Count);
        var up = voters.Count(h => running.Contains(h) && !heldHosts.Contains(h));
        if (up >= quorum || up + heldHosts.Count < quorum) return;
        foreach (var p in active.Where(p => p.BeyondFrom is null && held[p].Length > 0))
            p.BeyondFrom = seq;
    }

    /// <summary>The hosts <paramref name="fault"/> holds out of the cluster while it is in force: the host it stopped,
    /// or the side a partition cut off from the majority; none for delay and loss.</summary>
    /// <remarks>The injector records them (<see cref="FaultInjected.OutOfQuorum"/>); a log written before it
    /// did falls back on the kind: the hosts hit, none for delay, loss and partitions.</remarks>
    private static IEnumerable<string> Held(FaultInjected fault, int voters) =>
        fault.OutOfQuorum ?? (fault.Kind is "delay" or "loss" or "partition" ? [] : fault.Hosts);

    /// <summary>True when a quorum of the voting members runs and serves with a leader.</summary>
    private static bool Recovered(ClusterObservation o)
    {
        if (RunLog.Membership(o) is not { } members) return false;
        var voters = members.Where(m => !m.IsLearner).ToArray();
        var serving = voters.Count(m => RunLog.HostOf(m, o) is { } h && o[h].Process == ProcessState.Running && o[h].HasLeader);
        return voters.Length > 0 && serving >= RunLog.Quorum(voters.Length);
    }

    /// <summary>A period while the events are read.</summary>
    private sealed class Draft(FaultInjected struck)
    {
        public FaultInjected Struck { get; } = struck;
        public long Undone { get; set; } = long.MaxValue;
        public long? BeyondFrom { get; set; } = struck.WithinTolerance ? null : struck.Seq;
        public long Ends { get; set; } = long.MaxValue;

        public FaultPeriod Build() => new(Struck.Fault, Struck.Description, Struck.Hosts, Struck.WithinTolerance, Struck.Step, Struck.Seq, Undone,
            BeyondFrom, BeyondFrom is null ? Undone : Ends);
    }
}
