using System.Text;
using EtcdLab.Core.Events;

namespace EtcdLab.Core.Checkers;

/// <summary>Every write etcd acknowledged is still there at the end, on every member that serves the
/// final read, except writes made inside a loss window the scenario declares (after the snapshot a
/// restore starts from). A key written more than once must hold the value of its last acknowledged write.</summary>
/// <remarks>Applies when etcd acknowledged at least one write outside the loss windows. Not applicable when
/// it acknowledged none, or only inside a loss window: then no write was promised to survive. A run with
/// such writes in which no member served the final read breaks it: none of them can be found.</remarks>
public sealed class NoAcknowledgedWriteLostChecker : IInvariantChecker
{
    /// <summary>How many key ranges a message names before it only counts the rest; the violation's
    /// <see cref="Violation.Keys"/> hold them all.</summary>
    public const int RangesInMessage = 50;

    private const string Warning = "Runbook 004 allows losing only the writes made after the snapshot a restore starts from; the scenario must name them as a loss window.";

    /// <inheritdoc />
    public string Id => InvariantIds.NoAcknowledgedWriteLost;

    /// <inheritdoc />
    public string Title => "no acknowledged write lost";

    /// <inheritdoc />
    public ToleranceRule ToleranceRule => ToleranceRule.SinceStruck;

    /// <inheritdoc />
    public CheckResult Check(RunLog log)
    {
        var allAcked = log.Events.OfType<ClientWriteAcknowledged>().ToArray();
        if (allAcked.Length == 0) return CheckResult.NotApplicable("etcd acknowledged no write");
        var windows = log.Declaration.LossWindows;
        // Per key, the last write acknowledged outside the loss windows must survive, or a write acknowledged
        // after it inside one (which a restore may lose or keep). Writers' keys are unique, so this matters
        // only for a key written twice.
        var mustSurvive = new Dictionary<string, (ClientWriteAcknowledged Write, HashSet<string> Accepted)>(StringComparer.Ordinal);
        foreach (var a in allAcked)
        {
            if (!windows.Any(w => w.Contains(a.Step))) mustSurvive[a.Key] = (a, [a.Value]);
            else if (mustSurvive.TryGetValue(a.Key, out var earlier)) earlier.Accepted.Add(a.Value);
        }
        if (mustSurvive.Count == 0)
            return CheckResult.NotApplicable($"etcd acknowledged writes only inside the loss window ({RunLog.Describe(windows)}), which a restore may lose");
        var expected = mustSurvive.Values.OrderBy(e => e.Write.Seq).ToArray();

        var reads = log.Events.OfType<KeyspaceRead>().Where(r => r.Error is null).ToArray();
        if (reads.Length == 0)
        {
            var step = log.Events.OfType<RestPoint>().LastOrDefault()?.Step ?? 0;
            return CheckResult.Checked([new Violation(step, null,
                $"{expected.Length} acknowledged write(s) must survive, but at the end no member served the final read, so none of them can be found. {Warning}")]);
        }
        var violations = new List<Violation>();
        foreach (var read in reads)
        {
            var found = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in read.Keys) found[key] = value;
            var lost = expected.Where(e => !found.TryGetValue(e.Write.Key, out var v) || !e.Accepted.Contains(v)).Select(e => e.Write).ToArray();
            if (lost.Length == 0) continue;
            var changed = lost.Count(a => found.ContainsKey(a.Key));
            var ranges = KeyRange.Of(lost.Select(a => (a.Key, a.Step)));
            violations.Add(new Violation(read.Step, read.Host, Message(log, read.Host, lost.Length, changed, ranges), ranges) { Seq = read.Seq });
        }
        return CheckResult.Checked(violations);
    }

    /// <summary>"12 acknowledged write(s) are missing on m2 at the end: acknowledged during step 5 (...): /etcdlab/app-000012..000019, ...".</summary>
    private static string Message(RunLog log, string host, int lost, int changed, IReadOnlyList<KeyRange> ranges)
    {
        var text = new StringBuilder($"{lost} acknowledged write(s) are missing on {host} at the end");
        if (changed > 0) text.Append($" ({changed} of them hold another value than the one acknowledged)");
        text.Append(ranges.Count == 1 ? ":" : $", in {ranges.Count} ranges:");
        var shown = ranges.Take(RangesInMessage).ToArray();
        foreach (var step in shown.GroupBy(r => r.Step))
            text.Append($" acknowledged during {log.StepText(step.Key)}: {string.Join(", ", step)};");
        text.Length--;
        if (ranges.Count > shown.Length)
            text.Append($"; and {ranges.Count - shown.Length} more ranges ({KeyRange.Total(ranges.Skip(shown.Length))} keys)");
        return text.Append($". {Warning}").ToString();
    }
}
