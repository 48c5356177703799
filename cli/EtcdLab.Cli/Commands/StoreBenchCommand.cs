using System.CommandLine;
using System.Diagnostics;
using EtcdLab.Cli.Running;
using EtcdLab.Core.Checkers;
using EtcdLab.Core.EventLog;
using EtcdLab.Core.Events;
using EtcdLab.Core.Recording;
using EtcdLab.Core.Running;
using EtcdLab.Core.Scenarios;
using EtcdLab.Sim;
using EtcdLab.Store.Marten;
using EtcdLab.Store.Sqlite;
using Spectre.Console;

namespace EtcdLab.Cli.Commands;

/// <summary>
/// <c>etcdlab bench-store</c>: the event stores' speed, measured in one run and printed (never
/// asserted in tests): events appended per second in batches, and the time to check a run of a
/// million events read back from each store and from its JSON lines. The run is a real simulator run
/// of a scenario whose events are repeated (and numbered on) until it has the size asked for.
/// </summary>
public static class StoreBenchCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(IAnsiConsole console)
    {
        var events = new Option<int>("--events") { Description = "Size of the run to append and check", DefaultValueFactory = _ => 1_000_000 };
        var batch = new Option<int>("--batch") { Description = "Events per append", DefaultValueFactory = _ => 1000 };
        var scenario = new Option<string>("--scenario") { Description = "Scenario whose simulator run is repeated", DefaultValueFactory = _ => "scenarios/replace-failed-member.yaml" };
        var pg = CliOptions.Pg();
        var command = new Command("bench-store", "Measure the event stores: events appended per second and the time to check a run of a million events from each store and from JSON lines")
        {
            events, batch, scenario, pg,
        };
        command.SetAction(async (parse, ct) =>
        {
            var size = Math.Max(10, parse.GetValue(events));
            var per = Math.Max(1, parse.GetValue(batch));
            var run = await BuildRunAsync(ScenarioLoader.LoadFile(parse.GetValue(scenario)!), size, ct);
            var directory = Directory.CreateTempSubdirectory("etcdlab-bench-store-").FullName;
            var table = new Table().Border(TableBorder.Rounded).Title($"Event stores: a run of {run.Count:N0} events, appended in batches of {per:N0}")
                .AddColumn("store").AddColumn(new TableColumn("append").RightAligned()).AddColumn(new TableColumn("events/s").RightAligned())
                .AddColumn(new TableColumn("read + check").RightAligned()).AddColumn(new TableColumn("of which read").RightAligned());
            try
            {
                var file = new JsonLinesEventLog(directory);
                var (append, read, check) = await MeasureAsync(file, run, per, "jsonl", ct);
                table.AddRow("JSON lines (events.jsonl)", Seconds(append), Rate(run.Count, append), Seconds(read + check), Seconds(read));

                await using (var sqlite = SqliteEventLog.Open(Path.Combine(directory, "etcdlab.db")))
                {
                    (append, read, check) = await MeasureAsync(sqlite, run, per, "sqlite", ct);
                    table.AddRow("SQLite (embedded)", Seconds(append), Rate(run.Count, append), Seconds(read + check), Seconds(read));
                }

                var connection = parse.GetValue(pg) ?? Environment.GetEnvironmentVariable(StoreFactory.PgVariable);
                if (connection is null)
                    table.AddRow("PostgreSQL (Marten)", "-", "-", "-", $"[grey]no --pg or {StoreFactory.PgVariable}[/]");
                else
                {
                    await using var marten = MartenEventLog.Open(connection);
                    (append, read, check) = await MeasureAsync(marten, run, per, $"bench-{Guid.NewGuid():N}", ct);
                    table.AddRow("PostgreSQL (Marten)", Seconds(append), Rate(run.Count, append), Seconds(read + check), Seconds(read));
                }
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
            console.Write(table);
            console.MarkupLine($"[grey]{Environment.ProcessorCount} cores; check = every invariant checker over the run read back; one warm-up batch per store before measuring.[/]");
            return Output.ExitCodes.Passed;
        });
        return command;
    }

    private static async Task<(TimeSpan Append, TimeSpan Read, TimeSpan Check)> MeasureAsync(IEventLog store, IReadOnlyList<RunEvent> run, int batch, string runId, CancellationToken ct)
    {
        await store.AppendAsync(runId + "-warm-up", run.Take(batch).ToArray(), ct);
        var clock = Stopwatch.StartNew();
        foreach (var chunk in run.Chunk(batch)) await store.AppendAsync(runId, chunk, ct);
        var append = clock.Elapsed;
        clock.Restart();
        var read = await store.ReadAsync(runId, ct);
        var reading = clock.Elapsed;
        clock.Restart();
        var verdicts = InvariantCheckers.Check(read);
        var checking = clock.Elapsed;
        if (read.Count != run.Count || verdicts.Count == 0)
            throw new InvalidOperationException($"the store gave back {read.Count} of {run.Count} events");
        return (append, reading, checking);
    }

    /// <summary>A simulator run of <paramref name="scenario"/> whose events between start and finish
    /// repeat, numbered on, until the run has <paramref name="size"/> events.</summary>
    private static async Task<IReadOnlyList<RunEvent>> BuildRunAsync(Scenario scenario, int size, CancellationToken ct)
    {
        await using var target = new SimulatedClusterTarget();
        var recorder = new RunRecorder();
        await new ScenarioRunner(target, recorder, RunOptions.For("bench-store", 1)).RunAsync(scenario, ct);
        var events = recorder.Events;
        var middle = events.Skip(1).Take(events.Count - 2).ToArray();
        var run = new List<RunEvent>(size) { events[0] };
        var last = events[^2];
        while (run.Count < size - 1)
            foreach (var e in middle)
            {
                if (run.Count >= size - 1) break;
                run.Add(e with { Seq = run.Count + 1 });
            }
        run.Add(events[^1] with { Seq = run.Count + 1, At = last.At });
        return run;
    }

    private static string Seconds(TimeSpan t) => $"{t.TotalSeconds:0.00} s";

    private static string Rate(int events, TimeSpan t) => $"{events / t.TotalSeconds:N0}";
}
