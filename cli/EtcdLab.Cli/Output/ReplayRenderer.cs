using EtcdLab.Cli.Commands;
using EtcdLab.Core.Checkers;
using EtcdLab.Core.Events;
using EtcdLab.Core.Incidents;
using EtcdLab.Core.Scenarios;
using Spectre.Console;

namespace EtcdLab.Cli.Output;

/// <summary>Prints a replay: a line per run as it ends, then the timeline with what was recorded beside
/// what each target showed, each symptom as reproduced or not, the invariants the replay broke, and the verdict.</summary>
public sealed class ReplayRenderer(IAnsiConsole console, IncidentReplay replay)
{
    private Incident Incident => replay.Incident;

    /// <summary>What is replayed, where, and with which seeds.</summary>
    public void Header(IReadOnlyList<string> targets, int seeds, ulong first)
    {
        console.MarkupLine($"[bold]Replay of {Markup.Escape(Incident.Name)}[/] (etcd {Markup.Escape(Incident.Etcd)}): {Markup.Escape(Incident.Source)}");
        if (Incident.Summary.Length > 0) console.MarkupLine($"[grey]{Markup.Escape(Incident.Summary)}[/]");
        var replayed = replay.FirstStep.Count;
        var then = replay.ThenFrom is null ? "" : $", then the right procedure ({replay.Scenario.Steps.Count - replay.ThenFrom + 1} steps)";
        console.MarkupLine($"{replayed} of {Incident.Timeline.Count} timeline entries{then}, on {string.Join(" and ", targets)}, "
                           + (seeds == 1 ? $"seed {first}" : $"seeds {first} to {first + (ulong)seeds - 1}"));
    }

    /// <summary>One line for a finished run.</summary>
    public void Progress(ReplayRun run)
    {
        var seen = run.Symptoms.Count(s => s.Seen);
        var s = run.Outcome.Summary;
        var aborted = s.Aborted is null ? "" : $" [red]aborted: {Markup.Escape(s.Aborted)}[/]";
        console.MarkupLine($"  {run.Target} seed {run.Seed}: {seen} of {run.Symptoms.Count} symptom(s) showed, {Durations.Format(s.TargetTime)} of target time in {s.WallTime.TotalMilliseconds:0} ms{aborted}");
    }

    /// <summary>The tables and the verdict; true when the replay showed what it should (every symptom in
    /// every run, or with a right procedure: none, and its steps passed).</summary>
    public bool Summary(IReadOnlyList<ReplayRun> runs)
    {
        var targets = runs.Select(r => r.Target).Distinct().ToArray();
        console.Write(Timeline(runs, targets));
        console.Write(Symptoms(runs, targets));
        Invariants(runs, targets);

        bool ok;
        if (replay.ThenFrom is { } from)
        {
            var appeared = runs.Where(r => r.Symptoms.Any(s => s.Seen)).ToArray();
            var stepsFailed = runs.Where(r => r.Outcome.Events.OfType<StepFinished>().Any(f => f.Index >= from && f.Index <= replay.Scenario.Steps.Count && !f.Passed)).ToArray();
            ok = appeared.Length == 0 && stepsFailed.Length == 0;
            console.MarkupLine(ok
                ? $"[green bold]AVOIDED[/]  following the right procedure from entry {Incident.Timeline.Count(e => replay.FirstStep.ContainsKey(e.Number)) + 1}, no symptom appeared and its steps passed in {runs.Count} of {runs.Count} run(s)"
                : $"[red bold]NOT AVOIDED[/]  a symptom appeared in {appeared.Length} and the right procedure's steps failed in {stepsFailed.Length} of {runs.Count} run(s)");
        }
        else
        {
            var missing = Incident.Symptoms.Select((symptom, i) => (symptom, runs: runs.Count(r => !r.Symptoms[i].Seen))).Where(m => m.runs > 0).ToArray();
            ok = missing.Length == 0;
            console.MarkupLine(ok
                ? $"[green bold]REPRODUCED[/]  every symptom showed in {runs.Count} of {runs.Count} run(s)"
                : $"[red bold]NOT REPRODUCED[/]  " + Markup.Escape(string.Join("; ", missing.Select(m => $"{m.symptom.Describe()}: missing in {m.runs} of {runs.Count} run(s)"))));
        }
        console.MarkupLine("Runs:      " + Markup.Escape(string.Join(", ", runs.Select(r => r.Outcome.Folder))));
        if (!ok || runs.Any(r => r.Outcome.Aborted))
            console.MarkupLine($"Reproduce: [bold]{Markup.Escape(runs.FirstOrDefault(r => r.Outcome.Aborted || !RunOk(r))?.Outcome.Summary.Reproduce ?? runs[0].Outcome.Summary.Reproduce)}[/]");
        return ok;

        bool RunOk(ReplayRun r) => replay.ThenFrom is null ? r.Symptoms.All(s => s.Seen) : r.Symptoms.All(s => !s.Seen);
    }

    private Table Timeline(IReadOnlyList<ReplayRun> runs, string[] targets)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Timeline: recorded and replayed")
            .AddColumn("#").AddColumn("at").AddColumn("entry").AddColumn("recorded");
        foreach (var t in targets) table.AddColumn(targets.Length == 1 && runs.Count > 1 ? $"{t} (seed {runs[0].Seed})" : $"{t} (seed {runs.First(r => r.Target == t).Seed})");
        foreach (var entry in Incident.Timeline)
        {
            var row = new List<string> { entry.Number.ToString(), Markup.Escape(entry.At), Markup.Escape(Shorten(Describe(entry), 70)), Markup.Escape(Shorten(Recorded(entry), 60)) };
            foreach (var t in targets)
            {
                var shown = runs.First(r => r.Target == t).Entries.First(e => e.Entry.Number == entry.Number).Shown;
                row.Add(shown is null ? "[grey]replaced by the right procedure[/]" : Colour(shown));
            }
            table.AddRow(row.ToArray());
        }
        if (replay.ThenFrom is { } from)
        {
            var row = new List<string> { "then", "", Markup.Escape(Shorten(Incident.Then?.Runbook is { Length: > 0 } r ? r : "the right procedure", 70)), "" };
            foreach (var t in targets)
            {
                var mine = runs.Where(r => r.Target == t).ToArray();
                var passed = mine.Count(r => r.Outcome.Events.OfType<StepFinished>().Where(f => f.Index >= from && f.Index <= replay.Scenario.Steps.Count).All(f => f.Passed));
                row.Add(passed == mine.Length ? $"[green]steps passed in {passed}/{mine.Length}[/]" : $"[red]steps failed in {mine.Length - passed}/{mine.Length}[/]");
            }
            table.AddRow(row.ToArray());
        }
        return table;
    }

    private Table Symptoms(IReadOnlyList<ReplayRun> runs, string[] targets)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(replay.ThenFrom is null ? "Symptoms" : "Symptoms (the right procedure should avoid them)")
            .AddColumn("symptom");
        foreach (var t in targets) table.AddColumn(t);
        for (var i = 0; i < Incident.Symptoms.Count; i++)
        {
            var row = new List<string> { Markup.Escape(Incident.Symptoms[i].Describe()) };
            foreach (var t in targets)
            {
                var seen = runs.Where(r => r.Target == t).Select(r => r.Symptoms[i]).ToArray();
                var hits = seen.Where(s => s.Seen).ToArray();
                if (hits.Length == 0) { row.Add(replay.ThenFrom is null ? $"[red]not reproduced (0/{seen.Length})[/]" : $"[green]absent (0/{seen.Length})[/]"); continue; }
                var where = string.Join(", ", hits.Select(h => h.Entry is { } e ? (e == 0 ? "at the bootstrap" : $"at entry {e}") : replay.ThenFrom is null ? "after the last entry" : "in the right procedure").Distinct());
                var text = $"{(replay.ThenFrom is null ? "reproduced" : "APPEARED")} {hits.Length}/{seen.Length} {where}: {hits[0].Host}: {Shorten(hits[0].Line ?? "", 70)}";
                row.Add(replay.ThenFrom is null ? $"[green]{Markup.Escape(text)}[/]" : $"[red]{Markup.Escape(text)}[/]");
            }
            table.AddRow(row.ToArray());
        }
        return table;
    }

    private void Invariants(IReadOnlyList<ReplayRun> runs, string[] targets)
    {
        foreach (var t in targets)
        {
            var mine = runs.Where(r => r.Target == t).ToArray();
            var broken = mine.SelectMany(r => r.Outcome.Summary.Invariants.Where(v => v.Status == VerdictStatus.Broken).Select(v => v.Id))
                .GroupBy(id => id).Select(g => $"{g.Key} ({g.Count()}/{mine.Length})").ToArray();
            console.MarkupLine($"Invariants the replay broke on {t}: " + (broken.Length == 0 ? "[green]none[/]" : $"[yellow]{Markup.Escape(string.Join(", ", broken))}[/]"));
        }
    }

    private static string Describe(IncidentEntry entry) => entry.Kind switch
    {
        IncidentEntryKind.Action => entry.Text + (entry.Host is null || entry.Text.Contains($"on {entry.Host}") ? "" : $" (on {entry.Host})"),
        IncidentEntryKind.Log => $"{entry.Host ?? "a member"} logs",
        IncidentEntryKind.Output => $"output{(entry.Recorded is null ? "" : " of " + entry.Recorded)}{(entry.Host is null ? "" : " on " + entry.Host)}",
        _ => "note: " + entry.Text,
    };

    private static string Recorded(IncidentEntry entry) => entry.Kind switch
    {
        IncidentEntryKind.Action => entry.Recorded?.Split('\n')[0] ?? "",
        IncidentEntryKind.Note => "",
        _ => entry.Text.Split('\n')[0],
    };

    private static string Colour(string shown) =>
        shown.StartsWith("failed", StringComparison.Ordinal) ? $"[yellow]{Markup.Escape(Shorten(shown, 70))}[/]" : Markup.Escape(Shorten(shown, 70));

    private static string Shorten(string text, int max)
    {
        var one = text.ReplaceLineEndings(" ");
        return one.Length <= max ? one : one[..(max - 1)] + "…";
    }
}
