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
/// forcing a new cluster may lose quorum by design) or to a run that stopped before its online steps.</remarks>
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
        var violations = new List<Violation>();

        foreach (var group in log.Events.OfType<ClientWriteFailed>().Where(f => Online(f.Step)).GroupBy(f => f.Step))
        {
            var first = group.First();
            violations.Add(new Violation(group.Key, null,
                $"{group.Count()} client write(s) failed during {log.StepText(group.Key)}, first {first.Key} with '{first.Error}': " +
                $"clients lost service during an online procedure. {Warning}"));
        }

        var reported = new HashSet<int>();
        foreach (var observed in log.Events.OfType<ClusterObserved>().Where(o => Online(o.Step)))
        {
            if (Count(observed.Observation) is not var (voters, running, down) || running >= RunLog.Quorum(voters)) continue;
            if (reported.Add(observed.Step))
                violations.Add(new Violation(observed.Step, null,
                    $"After {log.StepText(observed.Step)} only {running} of {voters} voting members run ({string.Join(", ", down)} not running): " +
                    $"fewer than the quorum of {RunLog.Quorum(voters)}, so the cluster cannot commit. {Warning}"));
        }

        foreach (var (issued, _) in log.Commands().Where(c => Online(c.Issued.Step)))
        {
            var adds = RunLog.IsMember(issued.Argv, "add") && !issued.Argv.Any(a => a.StartsWith("--learner", StringComparison.Ordinal));
            var removes = RunLog.IsMember(issued.Argv, "remove");
            if (!adds && !removes) continue;
            if (log.ObservationBefore(issued.Seq) is not { } before || Count(before) is not var (voters, running, down)) continue;
            if (adds && running < RunLog.Quorum(voters + 1))
                violations.Add(new Violation(issued.Step, issued.Host,
                    $"{log.StepText(issued.Step)} adds a voting member while {string.Join(", ", down)} {(down.Count == 1 ? "is" : "are")} down: " +
                    $"the cluster would have {voters + 1} voting members of which {running} run, fewer than the quorum of {RunLog.Quorum(voters + 1)}. " +
                    "Runbook 000 warns: \"Before you add a new etcd node, remove the failed one.\""));
            if (removes && EtcdIds.TryParseHex(RunLog.MemberArg(issued.Argv) ?? "", out var id)
                && RunLog.Membership(before) is { } members && members.FirstOrDefault(m => m.Id == id && !m.IsLearner) is { } target)
            {
                var targetRuns = RunLog.HostOf(target, before) is { } h && before[h].Process == ProcessState.Running;
                var left = running - (targetRuns ? 1 : 0);
                if (voters > 1 && left < RunLog.Quorum(voters - 1))
                    violations.Add(new Violation(issued.Step, issued.Host,
                        $"{log.StepText(issued.Step)} removes member {EtcdIds.Hex(id)}: {voters - 1} voting members would remain of which {left} run, " +
                        $"fewer than the quorum of {RunLog.Quorum(voters - 1)}. {Warning}"));
            }
        }
        return CheckResult.Checked(violations.OrderBy(v => v.Step).ToArray());
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
