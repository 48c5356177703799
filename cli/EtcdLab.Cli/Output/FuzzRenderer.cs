using EtcdLab.Cli.Commands;
using EtcdLab.Cli.Running;
using EtcdLab.Core.Scenarios;
using EtcdLab.Fuzz.Engine;
using EtcdLab.Fuzz.Generation;
using EtcdLab.Fuzz.Judging;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace EtcdLab.Cli.Output;

/// <summary>What <c>etcdlab fuzz</c> prints: live progress on a terminal (a line every few seconds
/// otherwise), each scenario's figures, each finding with its minimal schedule in words and the line
/// that reproduces it.</summary>
public sealed class FuzzRenderer(IAnsiConsole console)
{
    /// <summary>Time between two progress lines when the output is no terminal.</summary>
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    /// <summary>The session's seed and profile, first: what reproduces the whole session.</summary>
    public void Header(FuzzRequest r)
    {
        console.MarkupLine($"[bold]etcdlab fuzz[/] SEED={r.Seed}  profile {Markup.Escape(r.Profile.Describe())}");
        console.MarkupLine($"[grey]{r.Runs} schedules per scenario on {r.Jobs} job(s){(r.TimeLimit is { } t ? $", at most {Durations.Format(t)} each" : "")}; "
                           + $"{(r.KeepGoing ? "every failure kind is shrunk" : "stops at the first failure")}[/]");
    }

    /// <summary>Runs <paramref name="work"/> while showing <paramref name="progress"/>.</summary>
    public async Task<T> WithProgressAsync<T>(Func<Task<T>> work, Func<FuzzProgress> progress, CancellationToken ct)
    {
        var task = Task.Run(work, ct);
        if (console.Profile.Capabilities.Interactive)
        {
            await console.Live(View(progress())).AutoClear(true).StartAsync(async ctx =>
            {
                while (!task.IsCompleted)
                {
                    ctx.UpdateTarget(View(progress()));
                    await Task.WhenAny(task, Task.Delay(200, CancellationToken.None));
                }
            });
        }
        else
        {
            while (!task.IsCompleted)
            {
                if (await Task.WhenAny(task, Task.Delay(PlainInterval, CancellationToken.None)) != task)
                    console.MarkupLine($"[grey]  {Markup.Escape(Line(progress()))}[/]");
            }
        }
        return await task;
    }

    private static IRenderable View(FuzzProgress p)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("scenario").AddColumn(new TableColumn("runs").RightAligned()).AddColumn(new TableColumn("runs/s").RightAligned())
            .AddColumn(new TableColumn("failed").RightAligned()).AddColumn(new TableColumn("beyond tolerance").RightAligned()).AddColumn("now");
        table.AddRow(Markup.Escape(p.Scenario), $"{p.Done}/{p.Total}", $"{p.RunsPerSecond:0}", p.Failed > 0 ? $"[red]{p.Failed}[/]" : "0", $"{p.Discarded}",
            p.Shrinking is { } s ? $"[yellow]shrinking[/] {Markup.Escape(Shorten(s, 100))}" : "searching");
        return table;
    }

    private static string Line(FuzzProgress p) =>
        $"{p.Scenario}: {p.Done}/{p.Total} runs, {p.RunsPerSecond:0} runs/s, {p.Failed} failed, {p.Discarded} beyond tolerance (not counted)"
        + (p.Shrinking is { } s ? $"; shrinking {Shorten(s, 160)}" : "");

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..(max - 3)] + "...";

    /// <summary>One line per fuzzed scenario.</summary>
    public void ScenarioLine(FuzzReport r)
    {
        var verdict = r.Findings.Count == 0 ? "[green]ok[/]   " : "[red]FOUND[/]";
        console.MarkupLine($"{verdict} {Markup.Escape(r.Scenario.Name)}: {r.Runs} runs in {r.Wall.TotalSeconds:0.0} s ({r.RunsPerMinute:N0}/min), "
                           + $"{r.Passed} passed, {r.Failed} failed, {r.Discarded} went beyond tolerance and were not counted");
    }

    /// <summary>A finding: what broke, the minimal schedule in words, where it was written, how to reproduce it, and Docker's verdict.</summary>
    public void Finding(FuzzReport report, Finding f, WrittenFinding written)
    {
        var j = f.MinimalJudgement;
        var tolerance = j.WithinTolerance
            ? "[red]within tolerance[/]: the runbook breaks within the failures it should tolerate"
            : "[yellow]beyond tolerance[/]: the schedule took out more members than the cluster tolerates";
        console.MarkupLine($"  [bold]{Markup.Escape(j.BrokenText)}[/], {tolerance}");
        if (j.Why is { } why) console.MarkupLine($"    {Markup.Escape(why)}");
        console.MarkupLine($"    found at case {f.Index} ({f.Occurrences} run(s) failed this way); shrunk in {f.Shrunk.Shrinks} step(s), {f.Shrunk.Runs} run(s), {f.Shrunk.Wall.TotalSeconds:0.0} s, to:");
        foreach (var line in ScheduleWords.Describe(f.Minimal.Schedule, report.Scenario).Split(Environment.NewLine))
            console.MarkupLine($"      [bold]{Markup.Escape(line)}[/]");
        if (f.Found.Profile.Name.StartsWith("swarm", StringComparison.Ordinal))
            console.MarkupLine($"    swarm profile of this case: {Markup.Escape(f.Found.Profile.Describe())}");
        if (!f.Shrunk.Reproduced) console.MarkupLine("    [yellow]the case did not fail again when re-run: it was not shrunk (the simulator should be deterministic; report this)[/]");
        if (!written.MinimalRunFailed) console.MarkupLine("    [yellow]the minimal schedule's full run passed: see its folder[/]");
        console.MarkupLine($"    Folder:    {Markup.Escape(written.Folder)}");
        console.MarkupLine($"    Reproduce: [bold]{Markup.Escape(written.Reproduce)}[/]");
        if (written.Confirmation is { } c)
            console.MarkupLine($"    Docker:    failed {c.Failed} of {c.Runs} run(s) on real etcd ({c.SameWay} breaking {Markup.Escape(j.BrokenText)})"
                               + (c.Aborted > 0 ? $", {c.Aborted} did not finish" : ""));
    }

    /// <summary>The last line: how much was fuzzed and what was found.</summary>
    public void Totals(IReadOnlyList<FuzzReport> reports, int scenarios)
    {
        var runs = reports.Sum(r => r.Runs);
        var findings = reports.Sum(r => r.Findings.Count);
        var within = reports.SelectMany(r => r.Findings).Count(f => f.MinimalJudgement.WithinTolerance);
        var skipped = scenarios - reports.Count;
        console.MarkupLine(findings == 0
            ? $"[green]Nothing found[/] in {runs} runs over {reports.Count} scenario(s)."
            : $"[red]{findings} finding(s)[/] ({within} within tolerance) in {runs} runs over {reports.Count} scenario(s)"
              + (skipped > 0 ? $"; {skipped} scenario(s) not fuzzed: stopped at the first failure (--keep-going fuzzes them all)" : "") + ".");
    }

    /// <summary>A judgement in a few words, for tables.</summary>
    public static string Short(RunJudgement j) => j.Failed ? $"{j.BrokenText} ({j.ToleranceText})" : "ok";
}
