using EtcdLab.Core.Events;

namespace EtcdLab.Core.Checkers;

/// <summary>Every write etcd acknowledged is still there at the end, on every member that serves the
/// final read, except writes made inside a loss window the scenario declares (after the snapshot a
/// restore starts from).</summary>
public sealed class NoAcknowledgedWriteLostChecker : IInvariantChecker
{
    private const string Warning = "Runbook 004 allows losing only the writes made after the snapshot a restore starts from; the scenario must name them as a loss window.";

    /// <inheritdoc />
    public string Id => InvariantIds.NoAcknowledgedWriteLost;

    /// <inheritdoc />
    public string Title => "no acknowledged write lost";

    /// <inheritdoc />
    public IReadOnlyList<Violation> Check(RunLog log)
    {
        var acked = log.Events.OfType<ClientWriteAcknowledged>()
            .Where(a => !log.Declaration.LossWindows.Any(w => w.Contains(a.Step))).ToArray();
        if (acked.Length == 0) return [];
        var reads = log.Events.OfType<KeyspaceRead>().Where(r => r.Error is null).ToArray();
        if (reads.Length == 0)
        {
            var step = log.Events.OfType<RestPoint>().LastOrDefault()?.Step ?? 0;
            return [new Violation(step, null, $"{acked.Length} writes were acknowledged, but at the end no member served the final read, so none of them can be found. {Warning}")];
        }
        var violations = new List<Violation>();
        foreach (var read in reads)
        {
            var keys = read.Keys.ToDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal);
            var missing = acked.Where(a => !keys.TryGetValue(a.Key, out var v) || v != a.Value).ToArray();
            if (missing.Length == 0) continue;
            var first = missing[0];
            violations.Add(new Violation(read.Step, read.Host,
                $"{missing.Length} acknowledged write(s) are missing on {read.Host} at the end, first {first.Key}={first.Value} " +
                $"(acknowledged by {first.Host} at revision {first.Revision} during {log.StepText(first.Step)}). {Warning}"));
        }
        return violations;
    }
}
