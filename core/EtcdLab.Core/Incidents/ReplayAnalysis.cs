using EtcdLab.Core.Events;

namespace EtcdLab.Core.Incidents;

/// <summary>Where a symptom showed in one replay, or that it did not.</summary>
/// <param name="Symptom">The symptom.</param>
/// <param name="Entry">The timeline entry it showed at (0: the bootstrap; null: the right procedure or
/// the final verification; see <see cref="Seen"/> for whether it showed at all).</param>
/// <param name="Seen">True when it showed.</param>
/// <param name="Line">The line or answer that showed it.</param>
/// <param name="Host">The host it showed on.</param>
/// <param name="Step">The run's step it showed in.</param>
public sealed record SymptomSeen(Symptom Symptom, bool Seen, int? Entry, string? Line, string? Host, int Step);

/// <summary>What one replay showed for one timeline entry.</summary>
/// <param name="Entry">The entry.</param>
/// <param name="Shown">In a line: the step's result and answer for an action, the lines the members
/// logged meanwhile for an observation; null when the entry was not replayed.</param>
public sealed record EntryShown(IncidentEntry Entry, string? Shown);

/// <summary>
/// Reads a replay's events against its incident: where each symptom showed, and what each timeline
/// entry showed. It reads nothing but the event log, so it judges both targets alike.
/// </summary>
public static class ReplayAnalysis
{
    /// <summary>Each symptom of the incident: the first event at or after its entry that holds its text.</summary>
    public static IReadOnlyList<SymptomSeen> Symptoms(IncidentReplay replay, IReadOnlyList<RunEvent> events) =>
        replay.Incident.Symptoms.Select(symptom =>
        {
            var from = replay.FirstStep.TryGetValue(symptom.AfterEntry, out var first) ? first : replay.ThenFrom ?? replay.Scenario.Steps.Count + 1;
            // Under the right procedure, what a process started before it took over says (a removed member
            // learning it was removed, on real etcd a moment later) is the incident's doing, not the procedure's.
            var startedAt = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var e in events)
            {
                if (e is ProcessStarted started) startedAt[started.Host] = e.Step;
                if (e.Step < from) continue;
                foreach (var (host, text) in Texts(e, symptom.Kind))
                    if ((symptom.Host is null || symptom.Host == host) && symptom.Pattern.Matches(text)
                        && !(replay.ThenFrom is { } then && e is not CommandAnswered && startedAt.GetValueOrDefault(host) < then))
                        return new SymptomSeen(symptom, true, replay.EntryOf(e.Step), text, host, e.Step);
            }
            return new SymptomSeen(symptom, false, null, null, null, 0);
        }).ToArray();

    /// <summary>What each entry showed in the replay.</summary>
    public static IReadOnlyList<EntryShown> Entries(IncidentReplay replay, IReadOnlyList<RunEvent> events)
    {
        var finished = events.OfType<StepFinished>().GroupBy(f => f.Index).ToDictionary(g => g.Key, g => g.Last());
        return replay.Incident.Timeline.Select(entry =>
        {
            if (!replay.FirstStep.ContainsKey(entry.Number)) return new EntryShown(entry, null);
            var (from, to) = replay.StepsOf(entry.Number);
            var during = events.Where(e => e.Step >= from && e.Step <= to).ToArray();
            if (entry.Kind == IncidentEntryKind.Action)
            {
                var step = entry.Action is null ? 0 : to;
                var answer = during.OfType<CommandAnswered>().LastOrDefault(a => a.Step == step);
                var result = finished.TryGetValue(step, out var f) ? (f.Passed ? "ok" : "failed: " + FirstLine(f.Failure)) : "not run";
                var said = answer is null ? null : FirstLine(answer.ExitCode == 0 ? answer.Stdout : answer.Stderr);
                var logged = Logged(during, null).FirstOrDefault();
                return new EntryShown(entry, string.Join("; ", new[] { result, said, logged }.Where(s => !string.IsNullOrEmpty(s)).Distinct()));
            }
            var lines = Logged(during, entry.Host).Take(2).ToArray();
            return new EntryShown(entry, lines.Length > 0 ? string.Join("; ", lines) : "nothing logged");
        }).ToArray();
    }

    /// <summary>The distinct lines members logged or exited with in <paramref name="events"/>, "host: text".</summary>
    private static IEnumerable<string> Logged(IEnumerable<RunEvent> events, string? host) =>
        events.SelectMany(e => Texts(e, SymptomKind.Log))
            .Where(t => host is null || t.Host == host)
            .Select(t => $"{t.Host}: {t.Text}")
            .Distinct();

    /// <summary>The texts an event holds that a symptom of <paramref name="kind"/> may match, with the host.</summary>
    private static IEnumerable<(string Host, string Text)> Texts(RunEvent e, SymptomKind kind) => (e, kind) switch
    {
        (MemberLogged m, SymptomKind.Log) => [(m.Host, m.Text)],
        (ProcessExited x, SymptomKind.Log or SymptomKind.Exit) => [(x.Host, x.Error)],
        (CommandAnswered a, SymptomKind.Error) when a.ExitCode != 0 => ErrorLines(a),
        _ => [],
    };

    /// <summary>Each line etcdctl printed on stderr, its own lines (<c>Error: ...</c>) before the JSON lines
    /// its client library logs (which repeat the error inside), so that a symptom shows as the operator read it.</summary>
    private static IEnumerable<(string Host, string Text)> ErrorLines(CommandAnswered a)
    {
        var lines = a.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Where(l => !l.StartsWith('{')).Concat(lines.Where(l => l.StartsWith('{'))).Select(l => (a.Host, l));
    }

    private static string? FirstLine(string? text) =>
        text?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
}
