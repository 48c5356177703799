namespace EtcdLab.Core.EventLog;

/// <summary>The per-scenario table of <c>etcdlab history</c>, from the stores' run views.</summary>
public static class RunHistory
{
    /// <summary>One row per scenario and target, in name order; runs still going are left out.</summary>
    public static IReadOnlyList<HistoryRow> Of(IEnumerable<RunView> views) =>
        views.Where(v => v.State != RunStates.Running && v.Scenario.Length > 0)
            .GroupBy(v => (v.Scenario, v.Target))
            .OrderBy(g => g.Key.Scenario, StringComparer.Ordinal).ThenBy(g => g.Key.Target, StringComparer.Ordinal)
            .Select(g =>
            {
                var runs = g.OrderBy(v => v.LastStored).ToArray();
                var lastFailure = runs.LastOrDefault(v => v.State != RunStates.Passed);
                var broken = runs.SelectMany(v => v.Broken).CountBy(id => id).OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).FirstOrDefault();
                return new HistoryRow(
                    g.Key.Scenario, g.Key.Target, runs.Length, runs.Count(v => v.State == RunStates.Passed),
                    lastFailure is null ? null : $"{lastFailure.Id}: {lastFailure.Failure ?? string.Join(", ", lastFailure.Broken)}",
                    broken.Key is null ? null : $"{broken.Key} ({broken.Value})",
                    Counted(runs.SelectMany(v => v.FailedSteps)),
                    Counted(runs.SelectMany(v => v.RetriedSteps)));
            })
            .ToArray();

    private static string Counted(IEnumerable<int> steps)
    {
        var counts = steps.CountBy(s => s).OrderByDescending(c => c.Value).ThenBy(c => c.Key).Take(5).ToArray();
        return counts.Length == 0 ? "-" : string.Join(", ", counts.Select(c => $"{c.Key} ({c.Value}x)"));
    }
}
