namespace EtcdLab.Core.Incidents.Import;

public sealed partial class IncidentDraft
{
    private sealed partial class Drafting
    {
        private (List<TimelineItem> Timeline, List<FileReport> Reports) Write(List<Placed> placed, Dictionary<RawFile, List<RawLine>> headers, List<DraftHost> hosts)
        {
            var items = new List<TimelineItem>();
            var comments = new List<string>();
            var counts = files.ToDictionary(f => f.Name, _ => new int[4]); // recognised, unrecognised, annotations, blank
            foreach (var (file, lines) in headers)
            {
                counts[file.Name][2] += lines.Count;
                header.AddRange(lines.Select(l => $"{l.Where}: {l.Text}"));
            }
            var number = 0;
            // The last command typed in each file and the host it was typed on: what printed the output after it.
            var lastCommand = new Dictionary<string, (ShellCommand Command, string? Host)>(StringComparer.Ordinal);
            var lastWasCommandOrOutput = new Dictionary<string, bool>(StringComparer.Ordinal);

            void Add(string at, string key, string value, string? host, string? of, Classification? c, IReadOnlyList<RawLine> raws, bool isError, string? symptomKey)
            {
                items.Add(new TimelineItem(comments.ToList(), new DraftEntry(++number, at, key, value, host, of, c?.Kind, raws, isError, symptomKey)));
                comments.Clear();
                foreach (var r in raws) counts[r.File][0]++;
            }

            DateTime? latest = null;
            for (var i = 0; i < placed.Count; i++)
            {
                var p = placed[i];
                var raw = p.Line.Raw;
                var at = "+0s";
                if (p.Line.Time is { } t && latest is { } before && t < before)
                    // Another source's clock (or another thread of the same incident): a timeline only goes forward.
                    comments.Add($"{raw.Where}: written at {FormatTime(t)}, before the entry above; kept in place at +0s");
                else if (p.Line.Time is { } time)
                {
                    at = FormatTime(time);
                    latest = time;
                }
                var fileCounts = counts[p.File.Name];
                switch (p.Line)
                {
                    case TextLine { IsBlank: true }:
                        fileCounts[3]++;
                        continue;
                    case AnnotationLine:
                        comments.Add($"{raw.Where}: {raw.Text}");
                        fileCounts[2]++;
                        continue;
                    case TraceLine:
                        comments.Add($"trace ({raw.Where}): {raw.Text}");
                        fileCounts[2]++;
                        continue;
                    case ShellCommand command:
                    {
                        var host = HostOf(p)?.Name;
                        comments.Add($"{raw.Where}: typed: {raw.Text.Trim()}");
                        var mapped = CommandMapper.Map(command.Command, HostByName, a => addressOf.GetValueOrDefault(a));
                        if (host is null && mapped.Any(m => m.Key != "note") && hosts.Count > 0)
                            comments.Add($"on: the raw text does not say which host; {hosts[0].Name} assumed");
                        for (var m = 0; m < mapped.Count; m++)
                        {
                            if (mapped[m].Comment is { } why) comments.Add(why);
                            var on = host ?? (mapped[m].Key == "note" ? null : hosts.FirstOrDefault()?.Name);
                            // One typed line, several steps: the line is counted once, with the first.
                            Add(m == 0 ? at : "+0s", mapped[m].Key, mapped[m].Value, on, null, null, m == 0 ? [raw] : [], false, null);
                        }
                        lastCommand[p.File.Name] = (command, host);
                        lastWasCommandOrOutput[p.File.Name] = true;
                        continue;
                    }
                    case MemberListRow or EndpointStatusRow or EndpointHealthRow or EtcdctlMessage:
                    {
                        var group = new List<Placed> { p };
                        while (i + 1 < placed.Count && placed[i + 1].File == p.File && placed[i + 1].Line is MemberListRow or EndpointStatusRow or EndpointHealthRow or EtcdctlMessage)
                            group.Add(placed[++i]);
                        var follows = lastWasCommandOrOutput.GetValueOrDefault(p.File.Name) && lastCommand.ContainsKey(p.File.Name);
                        var of = follows ? lastCommand[p.File.Name].Command.Command : OutputOf(group[0].Line);
                        var host = (follows ? lastCommand[p.File.Name].Host : null) ?? HostOf(p)?.Name;
                        var error = group.Select(g => g.Class).FirstOrDefault(c => c?.Kind.IsError() == true);
                        comments.Add($"{raw.Where}{(group.Count > 1 ? $"-{group[^1].Line.Raw.Number}" : "")} (output{(error is null ? "" : ", " + error.Kind.Id())})");
                        Add(at, "output", string.Join('\n', group.Select(g => g.Line.Prefix.Rest.TrimEnd())), host, of, error,
                            group.Select(g => g.Line.Raw).ToList(), error is not null, error is null ? null : "error");
                        lastWasCommandOrOutput[p.File.Name] = true;
                        continue;
                    }
                }
                lastWasCommandOrOutput[p.File.Name] = false;
                if (p.Class is not { } c)
                {
                    comments.Add($"unrecognised ({raw.Where}): {raw.Text}");
                    fileCounts[1]++;
                    continue;
                }
                var log = p.Line as LogLine;
                // systemd's (or another process's) line in a journal is an observation of its own source, not etcd's.
                var otherProcess = p.Line is TextLine && p.Line.Prefix.Process is { } proc && proc != "etcd" ? $"{proc} (journald)" : null;
                var clientSide = log?.IsClientSide == true || otherProcess is not null;
                var fatal = p.Line is PanicLine || log?.IsFatal == true;
                comments.Add($"{raw.Where} ({c.Kind.Id()})");
                Add(at, clientSide ? "output" : "log", LogText(p.Line), HostOf(p)?.Name, otherProcess ?? (clientSide ? ClientOf(log!) : null), c, [raw], c.Kind.IsError(),
                    fatal && !clientSide ? "exit" : clientSide && otherProcess is null ? "error" : "log");
            }
            if (comments.Count > 0) items.Add(new TimelineItem(comments.ToList(), null));
            var reports = files.Select(f => new FileReport(f.Name, f.Lines.Count, counts[f.Name][0], counts[f.Name][1], counts[f.Name][2], counts[f.Name][3], f.HasTimes)).ToList();
            foreach (var r in reports)
                header.Add($"{r.File}: {r.Lines} lines: {r.Recognised} in entries, {r.Unrecognised} unrecognised (kept as comments), {r.Annotations} annotations and trace lines, {r.Blank} blank");
            return (items, reports);
        }

        /// <summary>The text a <c>log:</c> entry shows: capnslog's <c>package: message</c>, zap's message and error, a panic as Go printed it.</summary>
        private static string LogText(ImportedLine line) => line switch
        {
            LogLine { Format: LogFormat.Zap or LogFormat.Logrus } zap => zap.Text,
            LogLine log => log.Logger is { } pkg && log.Format != LogFormat.RaftLogger ? $"{pkg}: {log.Message}" : log.Message,
            PanicLine panic => $"panic: {panic.Message}",
            _ => line.Prefix.Rest.Trim(),
        };

        private static string ClientOf(LogLine log) => log.Format == LogFormat.Logrus
            ? $"{log.Prefix.Process ?? "k3s/RKE"} log (logrus)"
            : $"etcd client library log ({log.Logger})";

        private static string OutputOf(ImportedLine line) => line switch
        {
            MemberListRow { Api: 2 } => "etcdctl member list (v2)",
            MemberListRow => "etcdctl member list",
            EndpointStatusRow => "etcdctl endpoint status",
            EndpointHealthRow { MemberId: not null } => "etcdctl cluster-health (v2)",
            EndpointHealthRow => "etcdctl endpoint health",
            _ => "etcdctl",
        };

        /// <summary>Per host, the last error kind it showed, matched from the first entry on that host that shows it.</summary>
        private static List<DraftSymptom> Symptoms(List<DraftEntry> entries, List<DraftHost> hosts)
        {
            var symptoms = new List<DraftSymptom>();
            foreach (var on in hosts.Select(h => (string?)h.Name).Append(null))
            {
                var last = entries.LastOrDefault(e => e.IsError && e.Host == on);
                if (last?.Kind is not { } kind) continue;
                var first = entries.First(e => e.IsError && e.Host == on && e.Kind == kind);
                symptoms.Add(new DraftSymptom(last.SymptomKey ?? "log", kind.SymptomText(last.Value)!, on ?? "any", first.Number, kind));
            }
            return symptoms;
        }
    }
}
