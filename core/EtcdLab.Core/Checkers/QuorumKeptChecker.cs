using EtcdLab.Core.Events;
using EtcdLab.Core.Identity;
using EtcdLab.Core.Targets;

namespace EtcdLab.Core.Checkers;

/// <summary>
/// During the steps a scenario declares online, the cluster keeps quorum and serves clients: no
/// client write fails, a majority of voting members runs at every observation, and no membership
/// change is issued that would leave fewer running voting members than the new quorum (whether or
/// not etcd's strict reconfiguration check then refuses it).
/// </summary>
/// <remarks>Applies only to the steps a scenario declares <c>online</c>, and only when the run reached one
/// of them. Not applicable to an offline procedure (no online steps declared: restoring from a snapshot or
/// forcing a new cluster may lose quorum by design) or to a run that stopped before its online steps.
/// Under a fault schedule the runbook promises quorum only within the failures it should tolerate: the
/// checker looks only at the moments when every fault in force is within tolerance, leaves out what
/// happened while a fault beyond tolerance was in force (until the cluster recovered from it, see
/// <see cref="FaultTimeline"/>) and says so in its note; when that covers every online step, it does not apply.</remarks>
public sealed class QuorumKeptChecker : IInvariantChecker
{
    private const string Warning = "Runbook 000 promises the procedure works \"without etcd or cluster downtime\" only while a quorum of members keeps running.";

    /// <inheritdoc />
    public string Id => InvariantIds.QuorumKept;

    /// <inheritdoc />
    public string Title => "quorum kept and writes served while online";

    /// <inheritdoc />
    public CheckResult Check(RunLog log)
    {
        var windows = log.Declaration.OnlineWindows;
        if (windows.Count == 0)
            return CheckResult.NotApplicable("the procedure is offline: its scenario declares no `online` steps, so nothing promised to keep quorum");
        bool Online(int step) => windows.Any(w => w.Contains(step));
        if (!log.Events.Any(e => Online(e.Step)))
            return CheckResult.NotApplicable($"the run stopped before its online steps ({RunLog.Describe(windows)})");
        var faults = log.Faults;
        var beyond = faults.BeyondTolerance.Where(p => log.Events.Any(e => Online(e.Step) && p.BeyondAt(e.Seq))).ToArray();
        if (beyond.Length > 0 && log.Events.Where(e => Online(e.Step)).All(e => faults.BeyondAt(e.Seq) is not null))
            return CheckResult.NotApplicable(
                $"every online step ran while a fault beyond tolerance was in force ({string.Join("; ", beyond.Select(p => p.ToString()))}), " +
                "and the runbook promises quorum only within the failures it should tolerate");
        var violations = new List<Violation>();
        // What happens while a fault beyond tolerance is in force is the schedule's doing, not the runbook's:
        // such breaches are counted for the note (by step), not reported.
        var excused = new List<int>();
        void Add(Violation v)
        {
            if (faults.BeyondAt(v.Seq) is null) violations.Add(v);
            else excused.Add(v.Step);
        }

        foreach (var group in log.Events.OfType<ClientWriteFailed>().Where(f => Online(f.Step)).GroupBy(f => (f.Step, Excused: faults.BeyondAt(f.Seq) is not null)))
        {
            var first = group.First();
            Add(new Violation(group.Key.Step, null,
                $"{group.Count()} client write(s) failed during {log.StepText(group.Key.Step)}, first {first.Key} with '{first.Error}': " +
                $"clients lost service during an online procedure. {Warning}") { Seq = first.Seq });
        }

        var reported = new HashSet<int>();
        foreach (var observed in log.Events.OfType<ClusterObserved>().Where(o => Online(o.Step)))
        {
            if (Count(observed.Observation) is not var (voters, running, down) || running >= RunLog.Quorum(voters)) continue;
            if (faults.BeyondAt(observed.Seq) is null && !reported.Add(observed.Step)) continue;
            Add(new Violation(observed.Step, null,
                $"After {log.StepText(observed.Step)} only {running} of {voters} voting members run ({string.Join(", ", down)} not running): " +
                $"fewer than the quorum of {RunLog.Quorum(voters)}, so the cluster cannot commit. {Warning}") { Seq = observed.Seq });
        }

        foreach (var (issued, _) in log.Commands().Where(c => Online(c.Issued.Step)))
        {
            var adds = RunLog.IsMember(issued.Argv, "add") && !issued.Argv.Any(a => a.StartsWith("--learner", StringComparison.Ordinal));
            var removes = RunLog.IsMember(issued.Argv, "remove");
            if (!adds && !removes) continue;
            if (log.ObservationBefore(issued.Seq) is not { } before || Count(before) is not var (voters, running, down)) continue;
            if (adds && running < RunLog.Quorum(voters + 1))
                Add(new Violation(issued.Step, issued.Host,
                    $"{log.StepText(issued.Step)} adds a voting member while {string.Join(", ", down)} {(down.Count == 1 ? "is" : "are")} down: " +
                    $"the cluster would have {voters + 1} voting members of which {running} run, fewer than the quorum of {RunLog.Quorum(voters + 1)}. " +
                    "Runbook 000 warns: \"Before you add a new etcd node, remove the failed one.\"") { Seq = issued.Seq });
            if (removes && EtcdIds.TryParseHex(RunLog.MemberArg(issued.Argv) ?? "", out var id)
                && RunLog.Membership(before) is { } members && members.FirstOrDefault(m => m.Id == id && !m.IsLearner) is { } target)
            {
                var targetRuns = RunLog.HostOf(target, before) is { } h && before[h].Process == ProcessState.Running;
                var left = running - (targetRuns ? 1 : 0);
                if (voters > 1 && left < RunLog.Quorum(voters - 1))
                    Add(new Violation(issued.Step, issued.Host,
                        $"{log.StepText(issued.Step)} removes member {EtcdIds.Hex(id)}: {voters - 1} voting members would remain of which {left} run, " +
                        $"fewer than the quorum of {RunLog.Quorum(voters - 1)}. {Warning}") { Seq = issued.Seq });
            }
        }
        return CheckResult.Checked(violations.OrderBy(v => v.Step).ToArray(), Note(beyond, excused));
    }

    /// <summary>What the verdict must say when faults beyond tolerance were left out, null when none were in force online.</summary>
    private static string? Note(IReadOnlyList<FaultPeriod> beyond, IReadOnlyList<int> excused)
    {
        if (beyond.Count == 0) return null;
        var faults = string.Join("; ", beyond.Select(p => p.ToString()));
        var steps = string.Join(", ", excused.Distinct().Order());
        return $"checked only while every fault in force was within tolerance; left out while beyond tolerance, until the cluster recovered: {faults}" +
               (excused.Count == 0 ? "; nothing broke then" : $"; {excused.Count} breach(es) then (step{(excused.Distinct().Count() == 1 ? "" : "s")} {steps}) are not the runbook's and not reported");
    }

    /// <summary>Voting members, how many of them run, and which do not, as <paramref name="observation"/> shows.</summary>
    private static (int Voters, int Running, List<string> Down)? Count(ClusterObservation observation)
    {
        if (RunLog.Membership(observation) is not { } members) return null;
        var voters = members.Where(m => !m.IsLearner).ToArray();
        var down = new List<string>();
        foreach (var m in voters)
        {
            var host = RunLog.HostOf(m, observation);
            if (host is null || observation[host].Process != ProcessState.Running) down.Add(host ?? $"{m.IdHex} (unstarted)");
        }
        return (voters.Length, voters.Length - down.Count, down);
    }
}
