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
        var run = new Argument<string>("run") { Description = "A run folder (reports/runs/<run-id>), its events.jsonl, or a run id (its folder, else its stream in the event store)" };
        var (reports, store, pg) = (CliOptions.Reports(), CliOptions.Store(), CliOptions.Pg());
        var command = new Command("check", "Check every invariant again on a run's event log, from its folder or from the event store") { run, reports, store, pg };
        command.SetAction(async (parse, ct) =>
        {
            var (events, source) = await ReadAsync(parse.GetValue(run)!, parse.GetValue(reports)!, parse.GetValue(store)!, parse.GetValue(pg), ct);
            var verdicts = InvariantCheckers.Check(events);
            var log = new RunLog(events);
            console.MarkupLine($"[bold]{Markup.Escape(log.Declaration.Name)}[/]: {events.Count} events from {Markup.Escape(source)}");
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

    /// <summary>The run's events from its folder or file when there is one, else from the event store.</summary>
    private static async Task<(IReadOnlyList<Core.Events.RunEvent> Events, string Source)> ReadAsync(string run, string reports, string store, string? pg, CancellationToken ct)
    {
        string file;
        try
        {
            file = RunFolders.EventsFile(run, reports);
        }
        catch (Core.Exceptions.InputException) when (store != "none")
        {
            await using var log = StoreFactory.Open(store, reports, pg)!;
            var stored = await log.ReadAsync(run, ct);
            if (stored.Count == 0)
                throw new Core.Exceptions.InputException(
                    $"{run}: no such run, neither as a folder or file nor in the {store} event store. Pass a run folder (reports/runs/<run-id>), its events.jsonl, or a run id that etcdlab runs lists.");
            return (stored, $"the {store} event store");
        }
        return (await JsonLinesEventLog.ReadFileAsync(file, ct), file);
    }
}
