using System.CommandLine;
using EtcdLab.Cli.Output;
using EtcdLab.Cli.Running;
using Spectre.Console;

namespace EtcdLab.Cli.Commands;

/// <summary><c>etcdlab run &lt;scenario&gt;</c>: runs one scenario and reports its steps and invariants.</summary>
public static class RunCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(IAnsiConsole console, ITargetFactory targets)
    {
        var scenario = new Argument<string>("scenario") { Description = "The scenario file, for example scenarios/replace-failed-member.yaml" };
        var target = CliOptions.Target();
        var seed = CliOptions.Seed();
        var reports = CliOptions.Reports();
        var store = CliOptions.Store();
        var pg = CliOptions.Pg();
        var faults = new Option<string?>("--faults") { Description = "A fault schedule (YAML) to strike around the scenario's steps, for example a fuzz finding's schedule.min.yaml" };
        var command = new Command("run", "Run a scenario and check every invariant it promises; exit 0 when all hold, 1 when one is broken, 2 on bad input")
        {
            scenario, target, seed, reports, store, pg, faults,
        };
        command.SetAction(async (parse, ct) =>
        {
            var kind = parse.GetValue(target)!;
            if (!targets.Kinds.Contains(kind))
                throw new Core.Exceptions.InputException($"--target {kind}: unknown target; use {string.Join(" or ", targets.Kinds)}.");
            var request = new RunRequest(parse.GetValue(scenario)!, kind, parse.GetValue(seed) ?? NewSeed(), parse.GetValue(reports)!);
            var loaded = Core.Scenarios.ScenarioLoader.LoadFile(request.ScenarioFile);
            if (parse.GetValue(faults) is { } faultsFile)
                request = request with { Faults = new FaultsRequest(faultsFile, Core.Faults.FaultScheduleFile.Load(faultsFile, loaded)) };
            CliOptions.PrepareReports(request.ReportsDirectory);
            var storeKind = parse.GetValue(store)!;
            StoreFactory.Check(storeKind, parse.GetValue(pg));
            var renderer = new RunRenderer(console);
            var session = new RunSession(targets, () => StoreFactory.Open(storeKind, request.ReportsDirectory, parse.GetValue(pg)));
            var outcome = await session.RunAsync(loaded, request, renderer.OnEvent, ct);
            renderer.Summary(outcome);
            if (outcome.StoreError is { } storeError)
                console.MarkupLine($"[yellow]Store:     the {parse.GetValue(store)} event store did not take the run: {Markup.Escape(storeError)}[/] The run is complete in its folder; `etcdlab check` reads it from there.");
            else if (storeKind != "none")
                console.MarkupLine($"Stored:    stream {Markup.Escape(outcome.Summary.RunId)} in the {parse.GetValue(store)} event store");
            if (outcome.CleanupError is { } cleanup)
                console.MarkupLine($"[yellow]Cleanup:   removing the run's hosts failed: {Markup.Escape(cleanup)}[/] `etcdlab clean` removes what is left.");
            return outcome.Aborted ? ExitCodes.InternalError : outcome.Summary.Passed ? ExitCodes.Passed : ExitCodes.Failed;
        });
        return command;
    }

    /// <summary>A fresh seed when none is given; printed with the run so it can be repeated.</summary>
    public static ulong NewSeed() => (ulong)Random.Shared.NextInt64(1, 1_000_000);
}
