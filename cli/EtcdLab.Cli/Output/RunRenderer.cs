using EtcdLab.Cli.Running;
using EtcdLab.Core.Checkers;
using EtcdLab.Core.Events;
using EtcdLab.Core.Scenarios;
using Spectre.Console;

namespace EtcdLab.Cli.Output;

/// <summary>Prints a run as it goes (one line per finished step, and what members log that runbooks
/// warn about) and, at the end, the tables of steps and invariants with the paths of its files.</summary>
public sealed class RunRenderer(IAnsiConsole console)
{
    /// <summary>Shows one recorded event, if it is one a user follows live.</summary>
    public void OnEvent(RunEvent e)
    {
        switch (e)
        {
            case RunStarted started:
                console.MarkupLine($"[bold]{Markup.Escape(started.Scenario.Name)}[/] ({Markup.Escape(started.Scenario.Procedure)}) on [bold]{started.Target}[/], seed {started.Seed}");
                break;
            case StepFinished f:
                var mark = f.Passed ? "[green]✓[/]" : "[red]✗[/]";
                var retries = f.Attempts > 1 ? $" [grey]({f.Attempts} attempts)[/]" : "";
                console.MarkupLine($"  {mark} {f.Index,3}  [grey]{Clock(f.At)}[/]{retries}{(f.Failure is null ? "" : "  [red]" + Markup.Escape(f.Failure) + "[/]")}");
                break;
            case StepStarted s:
                console.MarkupLine($"    {s.Index,3}  {Markup.Escape(s.Text)}");
                break;
            case MemberLogged logged:
                console.MarkupLine($"         [yellow]{Markup.Escape(logged.Host)} logs:[/] {Markup.Escape(logged.Text)}");
                break;
            case FaultInjected fault:
                console.MarkupLine(fault.Skipped is null
                    ? $"         [magenta]fault {fault.Fault}:[/] {Markup.Escape(fault.Description)} [grey][[{Markup.Escape(string.Join(", ", fault.Hosts))}]]{(fault.WithinTolerance ? "" : " beyond tolerance")}[/]"
                    : $"         [grey]fault {fault.Fault} skipped: {Markup.Escape(fault.Skipped)}[/]");
                break;
            case FaultUndone undone:
                console.MarkupLine($"         [magenta]fault {undone.Fault} undone:[/] {Markup.Escape(undone.Description)}");
                break;
            case ProcessExited exited:
                console.MarkupLine($"         [yellow]etcd on {Markup.Escape(exited.Host)} exited ({exited.ExitCode}):[/] {Markup.Escape(exited.Error)}");
                break;
        }
    }

    /// <summary>The closing tables and paths of a finished run.</summary>
    public void Summary(RunOutcome outcome)
    {
        var s = outcome.Summary;
        var steps = new Table().Border(TableBorder.Rounded).Title("Steps")
            .AddColumn("#").AddColumn("step").AddColumn("result").AddColumn("attempts").AddColumn("at");
        foreach (var step in s.Steps)
        {
            var result = step.Outcome switch
            {
                "passed" => "[green]passed[/]",
                "failed" => "[red]failed[/]",
                "fault" or "undone" => $"[magenta]{step.Outcome}[/]",
                _ => "[grey]skipped[/]",
            };
            steps.AddRow(step.Index.ToString(), Markup.Escape(Shorten(step.Text, 90)), result, step.Attempts.ToString(), Clock(step.At));
        }
        console.Write(steps);
        console.Write(Invariants(s.Invariants));

        var verdict = s.Aborted is not null ? "[red bold]ABORTED[/]" : s.Passed ? "[green bold]PASSED[/]" : "[red bold]FAILED[/]";
        console.MarkupLine($"{verdict}  {Markup.Escape(s.Scenario)} on {s.Target}: {Durations.Format(s.TargetTime)} of target time in {s.WallTime.TotalMilliseconds:0} ms wall time");
        console.MarkupLine($"Report:    {Markup.Escape(Path.Combine(outcome.Folder, RunSession.SummaryFile))}");
        console.MarkupLine($"Event log: {Markup.Escape(Path.Combine(outcome.Folder, Core.EventLog.JsonLinesEventLog.FileName))}");
        console.MarkupLine($"Log:       {Markup.Escape(Path.Combine(outcome.Folder, RunSession.LogFile))}");
        if (s.Aborted is { } aborted)
            console.MarkupLine($"[red]The run did not finish:[/] {Markup.Escape(aborted)}. This is a failure of EtcdLab or of the target, not a verdict on the runbook; "
                               + "the events up to it, and the error with what a bug report needs, are in the event log.");
        if (!s.Passed) console.MarkupLine($"Reproduce: [bold]{Markup.Escape(s.Reproduce)}[/]");
    }

    /// <summary>The table of invariant verdicts, with each broken invariant's first explanation and why
    /// each one that does not apply to the run does not.</summary>
    public static Table Invariants(IReadOnlyList<InvariantVerdict> verdicts)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Invariants")
            .AddColumn("invariant").AddColumn("promised").AddColumn("verdict").AddColumn("why");
        foreach (var v in verdicts)
        {
            var (verdict, why) = v.Status switch
            {
                VerdictStatus.Holds => ("[green]holds[/]", ""),
                VerdictStatus.NotApplicable => ("[grey]not applicable[/]", $"[grey]{Markup.Escape(v.NotApplicableBecause ?? "")}[/]"),
                _ => (v.Promised ? "[red]BROKEN[/]" : "[yellow]broken (not promised)[/]",
                    Markup.Escape(v.Violations[0].Message) + (v.Violations.Count > 1 ? $" [grey](+{v.Violations.Count - 1} more)[/]" : "")),
            };
            table.AddRow(Markup.Escape(v.Id), v.Promised ? "yes" : "no", verdict, why);
        }
        return table;
    }

    private static string Clock(TimeSpan? at) => at is { } t ? $"{t.TotalSeconds,7:0.000}s" : "";

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
