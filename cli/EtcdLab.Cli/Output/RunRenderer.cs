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
        if (s.Faults is { } faults) Faults(console, faults);

        var verdict = s.Aborted is not null ? "[red bold]ABORTED[/]" : s.Passed ? "[green bold]PASSED[/]" : "[red bold]FAILED[/]";
        var under = s.Aborted is null && s.Faults?.Outcome is { } found ? $" ({Markup.Escape(FaultTimeline.Describe(found))})" : "";
        console.MarkupLine($"{verdict}{under}  {Markup.Escape(s.Scenario)} on {s.Target}: {Durations.Format(s.TargetTime)} of target time in {s.WallTime.TotalMilliseconds:0} ms wall time");
        console.MarkupLine($"Report:    {Markup.Escape(Path.Combine(outcome.Folder, RunSession.SummaryFile))}");
        console.MarkupLine($"Event log: {Markup.Escape(Path.Combine(outcome.Folder, Core.EventLog.JsonLinesEventLog.FileName))}");
        console.MarkupLine($"Log:       {Markup.Escape(Path.Combine(outcome.Folder, RunSession.LogFile))}");
        if (s.Aborted is { } aborted)
            console.MarkupLine($"[red]The run did not finish:[/] {Markup.Escape(aborted)}. This is a failure of EtcdLab or of the target, not a verdict on the runbook; "
                               + "the events up to it, and the error with what a bug report needs, are in the event log.");
        if (!s.Passed) console.MarkupLine($"Reproduce: [bold]{Markup.Escape(s.Reproduce)}[/]");
    }

    /// <summary>What a run under a fault schedule shows: the faults that struck, then its failures in two
    /// separate lists, those of the runbook (within the failures it should tolerate) and those beyond tolerance.</summary>
    public static void Faults(IAnsiConsole console, FaultVerdict faults)
    {
        console.MarkupLine($"[magenta]Faults:[/] {faults.Struck} struck, {faults.BeyondTolerance} of them beyond what the cluster tolerated.");
        if (faults.Failures.Count == 0)
        {
            console.MarkupLine("[green]Nothing failed under this schedule.[/]");
            return;
        }
        foreach (var (tolerance, colour) in new[] { (FaultTolerance.Within, "red"), (FaultTolerance.Beyond, "yellow") })
        {
            var failures = faults.Failures.Where(f => f.Tolerance == tolerance).ToArray();
            if (failures.Length == 0) continue;
            var heading = tolerance == FaultTolerance.Within ? "The runbook breaks within the failures it should tolerate" : "Beyond tolerance";
            console.MarkupLine($"[{colour} bold]{heading}[/] ({failures.Length}):");
            foreach (var f in failures)
                console.MarkupLine($"  [{colour}]{Markup.Escape(f.Failure)}[/] step {f.Step}: {Markup.Escape(f.Message)}" +
                                   (f.Fault is null ? "" : $" [grey](while or after {Markup.Escape(f.Fault)})[/]"));
        }
    }

    /// <summary>The table of invariant verdicts, with each broken invariant's first explanation (a breach the
    /// runbook is to blame for before one beyond tolerance, each marked so under faults), and why each one that
    /// does not apply to the run does not, or what its checker's note says.</summary>
    public static Table Invariants(IReadOnlyList<InvariantVerdict> verdicts)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Invariants")
            .AddColumn("invariant").AddColumn("promised").AddColumn("verdict").AddColumn("why");
        foreach (var v in verdicts)
        {
            var (verdict, why) = v.Status switch
            {
                VerdictStatus.Holds => ("[green]holds[/]", v.Note is null ? "" : $"[grey]{Markup.Escape(v.Note)}[/]"),
                VerdictStatus.NotApplicable => ("[grey]not applicable[/]", $"[grey]{Markup.Escape(v.NotApplicableBecause ?? "")}[/]"),
                _ => (v.Promised ? "[red]BROKEN[/]" : "[yellow]broken (not promised)[/]", Why(v)),
            };
            table.AddRow(Markup.Escape(v.Id), v.Promised ? "yes" : "no", verdict, why);
        }
        return table;
    }

    /// <summary>The first breach of a broken verdict, the runbook's own first, marked with its classification under faults.</summary>
    private static string Why(InvariantVerdict v)
    {
        var first = v.Violations.FirstOrDefault(x => x.Tolerance == FaultTolerance.Within) ?? v.Violations[0];
        var mark = first.Tolerance is { } t ? $"[magenta]{Markup.Escape(FaultTimeline.Describe(t))}:[/] " : "";
        var more = v.Violations.Count > 1 ? $" [grey](+{v.Violations.Count - 1} more)[/]" : "";
        var note = v.Note is null ? "" : $" [grey]{Markup.Escape(v.Note)}[/]";
        return mark + Markup.Escape(first.Message) + more + note;
    }

    private static string Clock(TimeSpan? at) => at is { } t ? $"{t.TotalSeconds,7:0.000}s" : "";

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
