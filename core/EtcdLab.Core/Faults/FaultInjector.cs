using EtcdLab.Core.Checkers;
using EtcdLab.Core.Events;
using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Recording;
using EtcdLab.Core.Running;
using EtcdLab.Core.Targets;

namespace EtcdLab.Core.Faults;

/// <summary>
/// Applies a <see cref="FaultSchedule"/> during a run, the same way on every target: each fault
/// strikes at its step boundary (or its offset after it, in target time), resolves a role to the
/// host that has it at that moment, records <see cref="FaultInjected"/> (with whether the cluster
/// tolerates it), and is undone after its time, or when the procedure ends, with
/// <see cref="FaultUndone"/>. What is due between two of the runner's calls is applied by
/// <see cref="FaultClockTarget"/>, through which the runner reaches the target.
/// </summary>
/// <param name="schedule">The faults.</param>
/// <param name="target">The target itself (not the clock around it).</param>
/// <param name="recorder">The run's recorder.</param>
/// <param name="flagsFor">The whole command line etcd starts with on a host, from its configuration now.</param>
/// <param name="nextCommandHost">(step, after): the host that runs the procedure's first etcdctl command
/// from that step boundary on, or null.</param>
internal sealed class FaultInjector(
    FaultSchedule schedule,
    IClusterTarget target,
    RunRecorder recorder,
    Func<string, EtcdFlags> flagsFor,
    Func<int, bool, string?> nextCommandHost)
{
    private readonly List<Pending> _pending = [];
    private readonly List<Active> _active = [];
    private readonly HashSet<string> _addressesTaken = new(StringComparer.Ordinal);
    private bool _ending;

    /// <summary>The earliest target time something is due, or null when nothing is before the procedure ends.</summary>
    public TimeSpan? NextDue => _pending.Where(p => p.Due != TimeSpan.MaxValue).Select(p => (TimeSpan?)p.Due).Min();

    /// <summary>The faults placed at the boundary before (<paramref name="after"/> false) or after step
    /// <paramref name="step"/>: those without offset strike now, the others when their offset has passed.</summary>
    public async Task AtBoundaryAsync(int step, bool after, CancellationToken ct)
    {
        for (var i = 0; i < schedule.Faults.Count; i++)
        {
            var fault = schedule.Faults[i];
            if (fault.At.Step != step || fault.At.After != after) continue;
            _pending.Add(new Pending(target.Now + fault.At.Offset, i + 1, Undo: null));
        }
        await FireDueAsync(ct);
    }

    /// <summary>Strikes and undoes whatever is due by now, in order of due time.</summary>
    public async Task FireDueAsync(CancellationToken ct)
    {
        while (_pending.Count > 0)
        {
            var next = _pending.MinBy(p => (p.Due, p.Fault));
            if (next!.Due > target.Now) return;
            _pending.Remove(next);
            if (next.Undo is { } active) await UndoAsync(active, ct);
            else await StrikeAsync(next.Fault, ct);
        }
    }

    /// <summary>The schedule ends with the procedure: faults that had not struck yet never will, and every
    /// fault still in force is undone, so that the cluster can be verified healed and restarted.</summary>
    public async Task EndAsync(CancellationToken ct)
    {
        _ending = true;
        foreach (var never in _pending.Where(p => p.Undo is null).OrderBy(p => p.Fault))
        {
            var fault = schedule.Faults[never.Fault - 1];
            recorder.Record(new FaultInjected(never.Fault, FaultScheduleFile.Kinds.First(k => k.Value == fault.Kind).Key, fault.Describe(), [], true,
                "the procedure ended before it was due"));
        }
        _pending.RemoveAll(p => p.Undo is null);
        foreach (var undo in _pending.Select(p => p.Undo!).OrderBy(a => a.Number).ToArray()) await UndoAsync(undo, ct);
        _pending.Clear();
    }

    private async Task StrikeAsync(int number, CancellationToken ct)
    {
        var fault = schedule.Faults[number - 1];
        var kind = FaultScheduleFile.Kinds.First(k => k.Value == fault.Kind).Key;
        var observation = await target.ObserveAsync(ct);
        var host = Resolve(fault, observation);
        if (host is null)
        {
            recorder.Record(new FaultInjected(number, kind, fault.Describe(), [], true, $"no host is {fault.Target.Describe()} now"));
            return;
        }
        var hit = fault.Kind == FaultKind.Partition ? Sides(fault.Shape, host, observation) : null;
        var outOfQuorum = !fault.TakesMemberOut ? [] : fault.Kind == FaultKind.Partition ? hit!.Minority : [host];
        var tolerated = Tolerated(observation, outOfQuorum);
        var active = new Active(number, fault, host, hit?.Groups, outOfQuorum);
        string? skipped;
        try
        {
            skipped = await ApplyAsync(active, ct);
        }
        catch (HostActionException e)
        {
            skipped = e.Message;
        }
        recorder.Record(new FaultInjected(number, kind, fault.Describe(), hit?.Groups.SelectMany(g => g).Distinct().ToArray() ?? [host], tolerated, skipped));
        if (skipped is not null) return;
        _active.Add(active);
        if (fault.For is { } lasts && !_ending) _pending.Add(new Pending(target.Now + lasts, number, active));
        else if (!_ending) _pending.Add(new Pending(TimeSpan.MaxValue, number, active)); // undone at the end
    }

    /// <summary>Does what the fault does; returns why it did nothing, or null.</summary>
    private async Task<string?> ApplyAsync(Active a, CancellationToken ct)
    {
        var host = a.Host;
        var alive = target.ProcessOf(host) is ProcessState.Running or ProcessState.Paused;
        switch (a.Fault.Kind)
        {
            case FaultKind.Crash or FaultKind.Stop or FaultKind.DiskLoss or FaultKind.Readdress:
                if (!alive) return $"etcd did not run on {host}";
                if (a.Fault.Kind == FaultKind.Stop) await target.StopAsync(host, ct);
                else await target.KillAsync(host, ct);
                if (a.Fault.Kind == FaultKind.DiskLoss) await target.RemoveDirectoryAsync(host, flagsFor(host).Get("data-dir") ?? EtcdDefaults.DataDir, ct);
                if (a.Fault.Kind == FaultKind.Readdress) await target.ChangeIpAsync(host, FreeAddress(), null, ct);
                return null;
            case FaultKind.Pause:
                if (target.ProcessOf(host) != ProcessState.Running) return $"etcd did not run on {host}";
                await target.PauseAsync(host, ct);
                return null;
            case FaultKind.Partition:
                await target.PartitionAsync(a.Groups!, ct);
                return null;
            default:
                await target.DegradeLinksAsync(host, a.Fault.Latency ?? TimeSpan.Zero, a.Fault.LossRate ?? 0, ct);
                return null;
        }
    }

    private async Task UndoAsync(Active a, CancellationToken ct)
    {
        _active.Remove(a);
        string what;
        switch (a.Fault.Kind)
        {
            case FaultKind.Crash or FaultKind.Stop or FaultKind.DiskLoss or FaultKind.Readdress:
                // The procedure may have started etcd there itself meanwhile; then there is nothing to undo.
                if (target.ProcessOf(a.Host) is ProcessState.Running or ProcessState.Paused)
                {
                    what = $"etcd on {a.Host} already runs again";
                    break;
                }
                await target.StartAsync(a.Host, flagsFor(a.Host), ct);
                what = $"restart etcd on {a.Host}" + (a.Fault.Kind == FaultKind.Readdress ? $" at {target.IpOf(a.Host)}" : "");
                break;
            case FaultKind.Pause:
                if (target.ProcessOf(a.Host) != ProcessState.Paused)
                {
                    what = $"etcd on {a.Host} is no longer paused";
                    break;
                }
                await target.ResumeAsync(a.Host, ct);
                what = $"resume etcd on {a.Host}";
                break;
            case FaultKind.Partition:
                await target.HealAsync(ct);
                // Another partition of the schedule still in force is put back.
                if (_active.LastOrDefault(x => x.Fault.Kind == FaultKind.Partition) is { } other)
                {
                    await target.PartitionAsync(other.Groups!, ct);
                    what = $"heal, keeping fault {other.Number}'s partition";
                }
                else what = "heal every partition";
                break;
            default:
                await target.RestoreLinksAsync(a.Host, ct);
                what = $"restore {a.Host}'s links";
                break;
        }
        recorder.Record(new FaultUndone(a.Number, what, a.Groups?.SelectMany(g => g).Distinct().ToArray() ?? [a.Host]));
    }

    /// <summary>The host <paramref name="fault"/>'s target names in <paramref name="o"/>, or null when none has that role.</summary>
    private string? Resolve(Fault fault, ClusterObservation o)
    {
        var t = fault.Target;
        var leaders = o.Hosts.Where(h => ClusterExpectations.IsHealthy(h) && h.Status!.Leader == h.Status.Header.MemberId).Select(h => h.Host).ToArray();
        switch (t.Kind)
        {
            case FaultTargetKind.Host:
                return t.Host;
            case FaultTargetKind.Leader:
                return leaders.FirstOrDefault();
            case FaultTargetKind.Follower:
                var followers = o.Hosts.Where(h => ClusterExpectations.IsHealthy(h) && !leaders.Contains(h.Host)).Select(h => h.Host).ToArray();
                return followers.Length == 0 ? null : followers[t.Choice % followers.Length];
            case FaultTargetKind.NextCommandHost:
                return nextCommandHost(fault.At.Step, fault.At.After);
            default:
                return NewestMember(o);
        }
    }

    /// <summary>The host of the member most recently added with <c>member add</c> that the cluster lists as started.</summary>
    private string? NewestMember(ClusterObservation o)
    {
        var started = RunLog.Membership(o)?.Where(m => m.IsStarted).Select(m => m.Name).ToHashSet(StringComparer.Ordinal) ?? [];
        return recorder.Events.OfType<CommandIssued>()
            .Where(c => RunLog.IsMember(c.Argv, "add"))
            .Select(c => RunLog.MemberArg(c.Argv))
            .LastOrDefault(name => name is not null && started.Contains(name));
    }

    /// <summary>The groups a partition of <paramref name="shape"/> around <paramref name="host"/> makes,
    /// and the hosts it takes out of the majority.</summary>
    private static PartitionSides Sides(PartitionShape shape, string host, ClusterObservation o)
    {
        var others = o.Hosts.Select(h => h.Host).Where(h => h != host).ToArray();
        switch (shape)
        {
            case PartitionShape.Isolate:
                return new PartitionSides([[host], others], [host]);
            case PartitionShape.Minority:
                var members = RunLog.Membership(o)?.Count(m => !m.IsLearner) ?? o.Hosts.Count;
                var size = Math.Max(1, (members - 1) / 2);
                string[] minority = [host, .. others.Take(size - 1)];
                return new PartitionSides([minority, others.Except(minority).ToArray()], minority);
            default:
                // Two halves that cannot reach each other; the bridge, listed in neither, reaches both.
                var half = (others.Length + 1) / 2;
                return new PartitionSides([others.Take(half).ToArray(), others.Skip(half).ToArray()], []);
        }
    }

    /// <summary>True when, with <paramref name="outOfQuorum"/> out as well as every member that does not
    /// run or that another fault holds out, a quorum of the voting members still runs.</summary>
    private bool Tolerated(ClusterObservation o, IReadOnlyCollection<string> outOfQuorum)
    {
        if (RunLog.Membership(o) is not { } members) return false;
        var voters = members.Where(m => !m.IsLearner).ToArray();
        var held = _active.SelectMany(a => a.OutOfQuorum).Concat(outOfQuorum).ToHashSet(StringComparer.Ordinal);
        var running = voters.Count(m => RunLog.HostOf(m, o) is { } h && o[h].Process == ProcessState.Running && !held.Contains(h));
        return running >= RunLog.Quorum(voters.Length);
    }

    /// <summary>A scenario address no host has, for a host that comes back elsewhere: 127.0.200.x.</summary>
    private string FreeAddress()
    {
        for (var i = 1; i < 255; i++)
        {
            var ip = target.Addresses.Map($"127.0.200.{i}");
            if (_addressesTaken.Add(ip)) return ip;
        }
        throw new HostActionException("", "no free address is left for a host that comes back elsewhere (127.0.200.1-254 are all used)");
    }

    private sealed record Pending(TimeSpan Due, int Fault, Active? Undo);

    private sealed record PartitionSides(IReadOnlyList<IReadOnlyList<string>> Groups, IReadOnlyList<string> Minority);

    private sealed record Active(int Number, Fault Fault, string Host, IReadOnlyList<IReadOnlyList<string>>? Groups, IReadOnlyList<string> OutOfQuorum);
}
