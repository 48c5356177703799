using System.CommandLine;
using EtcdLab.Cli.Output;
using EtcdLab.Cli.Running;
using EtcdLab.Core.Checkers;
using EtcdLab.Core.EventLog;
using Spectre.Console;

namespace EtcdLab.Cli.Commands;

/// <summary><c>etcdlab check &lt;run&gt;</c>: re-checks a stored run from its event log, without running it again.</summary>
public static class CheckCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(IAnsiConsole console)
    {
        var run = new Argument<string>("run") { Description = "A run folder (reports/runs/<run-id>), its events.jsonl, or a run id" };
        var reports = CliOptions.Reports();
        var command = new Command("check", "Check every invariant again on a stored run's event log") { run, reports };
        command.SetAction(async (parse, ct) =>
        {
            var file = RunFolders.EventsFile(parse.GetValue(run)!, parse.GetValue(reports)!);
            var events = await JsonLinesEventLog.ReadFileAsync(file, ct);
            var verdicts = InvariantCheckers.Check(events);
            var log = new RunLog(events);
            console.MarkupLine($"[bold]{Markup.Escape(log.Declaration.Name)}[/]: {events.Count} events from {Markup.Escape(file)}");
            console.Write(RunRenderer.Invariants(verdicts));
            if (FaultVerdict.Of(events, verdicts) is { } faults) RunRenderer.Faults(console, faults);
            foreach (var v in verdicts.Where(v => v.Status == VerdictStatus.Broken))
                foreach (var violation in v.Violations)
                    console.MarkupLine($"[red]{Markup.Escape(v.Id)}[/] step {violation.Step}: {Markup.Escape(violation.Message)}");
            var stepsPassed = events.OfType<Core.Events.RunFinished>().LastOrDefault()?.StepsPassed ?? false;
            if (!stepsPassed) console.MarkupLine("[red]The procedure stopped early:[/] " + Markup.Escape(events.OfType<Core.Events.RunFinished>().LastOrDefault()?.Failure ?? "the run did not finish"));
            return stepsPassed && !verdicts.Any(v => v.FailsRun) ? ExitCodes.Passed : ExitCodes.Failed;
        });
        return command;
    }
}
