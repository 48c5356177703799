using System.CommandLine;
using System.Globalization;
using EtcdLab.Cli.Running;
using EtcdLab.Core.EventLog;
using EtcdLab.Core.Exceptions;
using Spectre.Console;

namespace EtcdLab.Cli.Commands;

/// <summary>
/// <c>etcdlab runs</c>, <c>etcdlab show</c> and <c>etcdlab history</c>: what the event store knows
/// about many runs, read from its run views (<see cref="RunView"/>), never by replaying every stream.
/// Runs still going show as <c>running</c>; runs whose harness died show as <c>aborted</c> once a later
/// run or <c>etcdlab clean</c> has closed them.
/// </summary>
public static class RunsCommand
{
    /// <summary>Builds <c>etcdlab runs</c>.</summary>
    public static Command CreateRuns(IAnsiConsole console)
    {
        var (reports, store, pg) = (CliOptions.Reports(), CliOptions.Store(), CliOptions.Pg());
        var scenario = new Option<string?>("--scenario") { Description = "Only runs of this scenario (its name)" };
        var target = new Option<string?>("--target") { Description = "Only runs on this target: sim or docker" };
        var failed = new Option<bool>("--failed") { Description = "Only runs that failed or were aborted" };
        var since = new Option<string?>("--since") { Description = "Only runs stored in this last span (30m, 12h, 7d) or since this UTC date (2026-12-01)" };
        var command = new Command("runs", "List the runs in the event store, newest last, with their state and broken invariants")
        {
            reports, store, pg, scenario, target, failed, since,
        };
        command.SetAction(async (parse, ct) =>
        {
            var from = Since(parse.GetValue(since));
            var views = await ViewsAsync(parse.GetValue(store)!, parse.GetValue(reports)!, parse.GetValue(pg), ct);
            var shown = views
                .Where(v => parse.GetValue(scenario) is not { } s || v.Scenario == s)
                .Where(v => parse.GetValue(target) is not { } t || v.Target == t)
                .Where(v => !parse.GetValue(failed) || v.State is RunStates.Failed or RunStates.Aborted)
                .Where(v => from is null || v.LastStored >= from)
                .ToArray();
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumn("run").AddColumn("scenario").AddColumn("target").AddColumn("seed").AddColumn("state")
                .AddColumn("broken").AddColumn(new TableColumn("events").RightAligned()).AddColumn("stored (UTC)");
            foreach (var v in shown)
                table.AddRow(Markup.Escape(v.Id), Markup.Escape(v.Scenario), v.Target, v.Seed.ToString(CultureInfo.InvariantCulture), State(v.State),
                    Markup.Escape(string.Join(", ", v.Broken)), v.Events.ToString(CultureInfo.InvariantCulture),
                    v.LastStored.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            console.Write(table);
            console.MarkupLine($"{shown.Length} of {views.Count} stored run(s)");
            return Output.ExitCodes.Passed;
        });
        return command;
    }

    /// <summary>Builds <c>etcdlab show</c>.</summary>
    public static Command CreateShow(IAnsiConsole console)
    {
        var (reports, store, pg) = (CliOptions.Reports(), CliOptions.Store(), CliOptions.Pg());
        var run = new Argument<string>("run") { Description = "A run id, as etcdlab runs lists it" };
        var command = new Command("show", "Print what the event store knows about one run: scenario, target, state, steps and verdicts") { run, reports, store, pg };
        command.SetAction(async (parse, ct) =>
        {
            var id = parse.GetValue(run)!;
            await using var log = Open(parse.GetValue(store)!, parse.GetValue(reports)!, parse.GetValue(pg));
            var view = await ((IRunHistory)log).RunViewAsync(id, ct)
                       ?? throw new InputException($"run {id}: the {parse.GetValue(store)} event store has no such run; etcdlab runs lists the stored runs.");
            var grid = new Grid().AddColumn().AddColumn();
            void Row(string name, string value) => grid.AddRow(new Markup($"[bold]{name}[/]"), new Markup(value));
            Row("run", Markup.Escape(view.Id));
            Row("scenario", Markup.Escape($"{view.Scenario} ({view.Procedure}, {view.File})"));
            Row("target", $"{view.Target}, seed {view.Seed}");
            Row("state", State(view.State) + (view.Failure is { } f ? " " + Markup.Escape(f) : ""));
            Row("events", $"{view.Events}, {view.Duration.TotalSeconds:0.###} s of target time");
            Row("stored", $"{view.FirstStored.UtcDateTime:yyyy-MM-dd HH:mm:ss} to {view.LastStored.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC");
            Row("failed steps", view.FailedSteps.Count == 0 ? "none" : string.Join(", ", view.FailedSteps));
            Row("retried steps", view.RetriedSteps.Count == 0 ? "none" : string.Join(", ", view.RetriedSteps));
            console.Write(grid);
            if (view.Verdicts.Count > 0)
            {
                var verdicts = new Table().Border(TableBorder.Rounded).AddColumn("invariant").AddColumn("verdict");
                foreach (var (invariant, status) in view.Verdicts) verdicts.AddRow(Markup.Escape(invariant), status == "broken" ? "[red]broken[/]" : status);
                console.Write(verdicts);
            }
            console.MarkupLine($"Check it again from its events: etcdlab check {Markup.Escape(view.Id)} --store {parse.GetValue(store)}");
            return Output.ExitCodes.Passed;
        });
        return command;
    }

    /// <summary>Builds <c>etcdlab history</c>.</summary>
    public static Command CreateHistory(IAnsiConsole console)
    {
        var (reports, store, pg) = (CliOptions.Reports(), CliOptions.Store(), CliOptions.Pg());
        var command = new Command("history", "Per scenario and target: runs, pass rate, last failure, and the steps that failed or needed retries") { reports, store, pg };
        command.SetAction(async (parse, ct) =>
        {
            var views = await ViewsAsync(parse.GetValue(store)!, parse.GetValue(reports)!, parse.GetValue(pg), ct);
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumn("scenario").AddColumn("target").AddColumn(new TableColumn("runs").RightAligned()).AddColumn(new TableColumn("passed").RightAligned())
                .AddColumn("last failure").AddColumn("broken most").AddColumn("failing steps").AddColumn("retried steps");
            foreach (var row in RunHistory.Of(views))
                table.AddRow(Markup.Escape(row.Scenario), row.Target, row.Runs.ToString(CultureInfo.InvariantCulture),
                    $"{row.PassRate:P0}", Markup.Escape(row.LastFailure ?? "-"), Markup.Escape(row.BrokenMost ?? "-"),
                    Markup.Escape(row.FailingSteps), Markup.Escape(row.RetriedSteps));
            console.Write(table);
            console.MarkupLine($"{views.Count} stored run(s); running ones are not counted");
            return Output.ExitCodes.Passed;
        });
        return command;
    }

    private static async Task<IReadOnlyList<RunView>> ViewsAsync(string store, string reports, string? pg, CancellationToken ct)
    {
        await using var log = Open(store, reports, pg);
        return await ((IRunHistory)log).RunViewsAsync(ct);
    }

    private static IEventLog Open(string store, string reports, string? pg)
    {
        if (store == "none") throw new InputException("--store none: these commands read the event store; use --store sqlite (default) or --store postgres.");
        return StoreFactory.Open(store, reports, pg)!;
    }

    private static string State(string state) => state switch
    {
        RunStates.Passed => "[green]passed[/]",
        RunStates.Failed => "[red]failed[/]",
        RunStates.Aborted => "[yellow]aborted[/]",
        _ => "[blue]running[/]",
    };

    /// <summary>A span back from now (<c>30m</c>, <c>12h</c>, <c>7d</c>) or a UTC date.</summary>
    private static DateTimeOffset? Since(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (text.Length > 1 && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0)
        {
            var span = text[^1] switch { 'm' => TimeSpan.FromMinutes(n), 'h' => TimeSpan.FromHours(n), 'd' => TimeSpan.FromDays(n), _ => (TimeSpan?)null };
            if (span is { } s) return DateTimeOffset.UtcNow - s;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)) return date;
        throw new InputException($"--since {text}: write a span back from now (30m, 12h, 7d) or a UTC date (2026-12-01).");
    }
}
