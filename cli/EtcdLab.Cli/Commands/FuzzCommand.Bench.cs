using EtcdLab.Cli.Output;
using EtcdLab.Core.Scenarios;
using EtcdLab.Fuzz.Benchmarks;
using EtcdLab.Fuzz.Generation;
using Spectre.Console;

namespace EtcdLab.Cli.Commands;

public static partial class FuzzCommand
{
    /// <summary>Wall time each fault count is measured for.</summary>
    private static readonly TimeSpan BenchDuration = TimeSpan.FromSeconds(10);

    /// <summary>Unmeasured runs first: .NET compiles hot code fully only after it ran a while.</summary>
    private static readonly TimeSpan BenchWarmUp = TimeSpan.FromSeconds(3);

    private static async Task<int> BenchAsync(IAnsiConsole console, Scenario scenario, FuzzRequest request, CancellationToken ct)
    {
        var space = await ScheduleSpace.ExploreAsync(scenario, request.Seed, ct);
        var table = new Table().Border(TableBorder.Rounded).Title($"Fuzzing {Markup.Escape(scenario.Name)} on the simulator: schedules per minute")
            .AddColumn(new TableColumn("faults").RightAligned()).AddColumn(new TableColumn("schedules").RightAligned())
            .AddColumn(new TableColumn("wall").RightAligned()).AddColumn(new TableColumn("per minute").RightAligned())
            .AddColumn(new TableColumn("cpu per schedule").RightAligned()).AddColumn(new TableColumn("simulated per schedule").RightAligned());
        for (var faults = 1; faults <= 3; faults++)
        {
            var m = await FuzzBenchmark.MeasureRateAsync(space, faults, BenchDuration, faults == 1 ? BenchWarmUp : TimeSpan.Zero, request.Jobs, request.Seed, ct);
            table.AddRow($"{faults}", $"{m.Runs:N0}", $"{m.Wall.TotalSeconds:0.0} s", $"[bold]{m.PerMinute:N0}[/]", $"{m.CpuMillisecondsPerRun:0.0} ms", $"{m.SimulatedSeconds / Math.Max(1, m.Runs):0.0} s");
        }
        console.Write(table);
        console.MarkupLine($"[grey]{request.Jobs} job(s) on {Environment.ProcessorCount} core(s), load average {LoadAverage()}; profile {Markup.Escape(FuzzBenchmark.Profile.Describe())}; "
                           + "each schedule runs on its own simulated cluster and is checked by every invariant checker; nothing is stored.[/]");

        var shrink = await FuzzBenchmark.MeasureShrinkAsync(request.Jobs, request.Seed, ct);
        if (shrink.Report.Findings is [var f, ..])
            console.MarkupLine($"Planted weakness: found at case {f.Index} after {shrink.Report.Runs} runs ({shrink.Report.Wall.TotalSeconds:0.0} s), "
                               + $"shrunk in {f.Shrunk.Wall.TotalSeconds:0.00} s ({f.Shrunk.Shrinks} shrinks, {f.Shrunk.Runs} runs) to "
                               + $"[bold]{Markup.Escape(ScheduleWords.Describe(f.Minimal.Schedule, shrink.Report.Scenario).ReplaceLineEndings(" "))}[/] "
                               + (shrink.ShrankToTheWeakness ? "[green](the planted fault alone)[/]" : "[red](not the planted fault alone)[/]")
                               + $"; {shrink.Wall.TotalSeconds:0.0} s in all.");
        else
            console.MarkupLine($"[red]Planted weakness not found in {shrink.Report.Runs} runs.[/]");
        return ExitCodes.Passed;
    }

    /// <summary>The 1-minute load average, which says how much of the machine the figures had.</summary>
    private static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
