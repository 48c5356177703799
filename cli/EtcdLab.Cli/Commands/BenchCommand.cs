using System.CommandLine;
using System.Diagnostics;
using EtcdLab.Cli.Running;
using EtcdLab.Core.Recording;
using EtcdLab.Core.Running;
using EtcdLab.Core.Scenarios;
using EtcdLab.Driver.Benchmarks;
using EtcdLab.Sim;
using Spectre.Console;

namespace EtcdLab.Cli.Commands;

/// <summary>
/// <c>etcdlab bench</c>: speed figures measured in one run, printed as ratios (never asserted in tests).
/// On the simulator: simulated seconds per wall second for each scenario. On Docker: the time from
/// "start cluster" to three healthy members through the driver against plain <c>docker run</c>, and
/// the wall time of each scenario on real etcd.
/// </summary>
public static class BenchCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(IAnsiConsole console, ITargetFactory targets)
    {
        var scenarios = ScenarioArguments.Create();
        var target = CliOptions.Target();
        var rounds = new Option<int>("--rounds") { Description = "Measured runs per scenario (after a second of warm-up runs on the simulator)", DefaultValueFactory = _ => 5 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the runs", DefaultValueFactory = _ => 1 };
        var command = new Command("bench", "Measure the simulator's speed (simulated seconds per wall second) or the Docker driver's start-up against plain docker run")
        {
            scenarios, target, rounds, seed,
        };
        command.SetAction(async (parse, ct) =>
        {
            var files = ScenarioArguments.Resolve(parse.GetValue(scenarios), withMutants: false);
            var n = Math.Max(1, parse.GetValue(rounds));
            return parse.GetValue(target) switch
            {
                "sim" => await SimAsync(console, files, n, parse.GetValue(seed), ct),
                "docker" => await DockerAsync(console, targets, files, n, parse.GetValue(seed), ct),
                var other => throw new Core.Exceptions.InputException($"--target {other}: bench measures sim or docker."),
            };
        });
        return command;
    }

    /// <summary>Wall time each scenario runs before it is measured.</summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    private static async Task<int> SimAsync(IAnsiConsole console, IReadOnlyList<Scenario> files, int rounds, ulong seed, CancellationToken ct)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Simulator: simulated seconds per wall second")
            .AddColumn("scenario").AddColumn(new TableColumn("simulated").RightAligned()).AddColumn(new TableColumn("wall (median)").RightAligned())
            .AddColumn(new TableColumn("ratio").RightAligned()).AddColumn(new TableColumn("sim events/s").RightAligned());
        double totalSimulated = 0, totalWall = 0;
        var scenarios = files;
        // Warm-up: every scenario in turn until WarmUp of wall time has passed. .NET compiles hot
        // code fully only after it ran a while (tiered JIT, in the background); first-use and
        // compile costs are not the simulator's speed.
        var warmUp = Stopwatch.StartNew();
        do
            foreach (var scenario in scenarios) await RunSimAsync(scenario, seed, ct);
        while (warmUp.Elapsed < WarmUp);
        foreach (var scenario in scenarios)
        {
            var measured = new List<(TimeSpan Wall, TimeSpan Simulated, long Events)>();
            for (var i = 0; i < rounds; i++) measured.Add(await RunSimAsync(scenario, seed, ct));
            var median = measured.OrderBy(m => m.Wall).ElementAt(measured.Count / 2);
            totalSimulated += median.Simulated.TotalSeconds;
            totalWall += median.Wall.TotalSeconds;
            table.AddRow(Markup.Escape(scenario.Name), $"{median.Simulated.TotalSeconds:0.00} s", $"{median.Wall.TotalMilliseconds:0.0} ms",
                $"{median.Simulated / median.Wall:0}x", $"{median.Events / median.Wall.TotalSeconds:0}");
        }
        table.AddRow("[bold]all[/]", $"{totalSimulated:0.00} s", $"{totalWall * 1000:0.0} ms", $"[bold]{totalSimulated / totalWall:0}x[/]", "");
        console.Write(table);
        console.MarkupLine($"[grey]{rounds} measured run(s) per scenario after {WarmUp.TotalSeconds:0} s of warm-up runs of them all, seed {seed}, {Environment.ProcessorCount} cores; event store and reports not included.[/]");
        return Output.ExitCodes.Passed;
    }

    private static async Task<(TimeSpan Wall, TimeSpan Simulated, long Events)> RunSimAsync(Scenario scenario, ulong seed, CancellationToken ct)
    {
        await using var target = new SimulatedClusterTarget();
        var runner = new ScenarioRunner(target, new RunRecorder(), RunOptions.For("bench", seed));
        var wall = Stopwatch.StartNew();
        await runner.RunAsync(scenario, ct);
        wall.Stop();
        return (wall.Elapsed, target.Now, target.Stats.EventsProcessed);
    }

    private static async Task<int> DockerAsync(IAnsiConsole console, ITargetFactory targets, IReadOnlyList<Scenario> files, int rounds, ulong seed, CancellationToken ct)
    {
        var startup = await StartupBenchmark.RunAsync(new StartupBenchmarkOptions { Rounds = rounds }, ct);
        var table = new Table().Border(TableBorder.Rounded).Title("Docker: start cluster to three healthy members")
            .AddColumn("").AddColumn(new TableColumn("median").RightAligned()).AddColumn("rounds");
        table.AddRow("through the driver", $"{startup.DriverMedian.TotalMilliseconds:0} ms", string.Join(", ", startup.Driver.Select(t => $"{t.TotalMilliseconds:0}")));
        table.AddRow("plain docker run + etcdctl", $"{startup.PlainMedian.TotalMilliseconds:0} ms", string.Join(", ", startup.Plain.Select(t => $"{t.TotalMilliseconds:0}")));
        table.AddRow("[bold]ratio driver / plain[/]", $"[bold]{startup.Ratio:0.00}[/]", "");
        console.Write(table);

        var runs = new Table().Border(TableBorder.Rounded).Title("Docker: wall time of each scenario on real etcd")
            .AddColumn("scenario").AddColumn(new TableColumn("wall").RightAligned()).AddColumn("result");
        var reports = Path.Combine(Path.GetTempPath(), "etcdlab-bench");
        foreach (var scenario in files)
        {
            var outcome = await new RunSession(targets).RunAsync(scenario, new RunRequest(scenario.File, "docker", seed, reports), null, ct);
            runs.AddRow(Markup.Escape(outcome.Summary.Scenario), $"{outcome.Summary.WallTime.TotalSeconds:0.0} s", outcome.Aborted ? "[red]aborted[/]" : outcome.Summary.Passed ? "[green]passed[/]" : "[red]failed[/]");
        }
        console.Write(runs);
        return Output.ExitCodes.Passed;
    }
}
