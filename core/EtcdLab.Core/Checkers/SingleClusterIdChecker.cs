using EtcdLab.Core.Events;

namespace EtcdLab.Core.Checkers;

/// <summary>The running members form one cluster: they report one cluster ID, and no member logs a
/// cluster-ID mismatch (a member of another or a rebuilt cluster contacting this one).</summary>
/// <remarks>Applies when some observation showed a serving member (whose cluster ID could be compared) or
/// a member logged a mismatch. Not applicable when no member ever served and none logged one: no cluster
/// ID was ever seen.</remarks>
public sealed class SingleClusterIdChecker : IInvariantChecker
{
    private const string Warning = "Runbook 003 warns that every old member that was replaced must be shut down, or it keeps contacting the new cluster and logs \"rafthttp: request cluster ID mismatch\".";

    /// <inheritdoc />
    public string Id => InvariantIds.SingleClusterId;

    /// <inheritdoc />
    public string Title => "one cluster ID, no cluster-ID mismatch";

    /// <inheritdoc />
    public ToleranceRule ToleranceRule => ToleranceRule.SinceStruck;

    /// <inheritdoc />
    public CheckResult Check(RunLog log)
    {
        var violations = new List<Violation>();
        var reportedSplits = new HashSet<string>();
        var seen = false;
        foreach (var observed in log.Events.OfType<ClusterObserved>())
        {
            seen |= observed.Observation.Hosts.Any(h => h.Serving);
            var clusters = observed.Observation.Hosts.Where(h => h.Serving)
                .GroupBy(h => h.Status!.Header.ClusterId).ToArray();
            if (clusters.Length < 2) continue;
            var text = string.Join("; ", clusters.Select(g => $"{string.Join(", ", g.Select(h => h.Host))} in cluster {g.Key:x}"));
            if (reportedSplits.Add(text))
                violations.Add(new Violation(observed.Step, null, $"After {log.StepText(observed.Step)} running members serve different clusters: {text}. {Warning}") { Seq = observed.Seq });
        }
        foreach (var logged in log.Events.OfType<MemberLogged>().Where(l => l.Kind == MemberLogKind.ClusterIdMismatch).GroupBy(l => l.Host))
        {
            var first = logged.First();
            violations.Add(new Violation(first.Step, first.Host,
                $"{first.Host} logged \"{first.Text}\" during {log.StepText(first.Step)}: a member of another cluster is running and contacting it. {Warning}") { Seq = first.Seq });
        }
        if (!seen && violations.Count == 0)
            return CheckResult.NotApplicable("no member ever served, so no cluster ID was seen");
        return CheckResult.Checked(violations.OrderBy(v => v.Step).ToArray());
    }
}
