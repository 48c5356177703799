using EtcdLab.Cli.Output;
using EtcdLab.Core.Scenarios;
using EtcdLab.Fuzz.Exhaustive;
using EtcdLab.Fuzz.Generation;
using Spectre.Console;

namespace EtcdLab.Cli.Commands;

public static partial class FuzzCommand
{
    /// <summary>Pairs that fail only together listed in full; the rest are counted.</summary>
    private const int PairsListed = 30;

    private static async Task<int> ExhaustiveAsync(IAnsiConsole console, IReadOnlyList<Scenario> files, FuzzRequest request, int level, CancellationToken ct)
    {
        var renderer = new FuzzRenderer(console);
        var weak = 0;
        foreach (var scenario in files)
        {
            var space = await ScheduleSpace.ExploreAsync(scenario, request.Seed, ct);
            var fuzzer = new ExhaustiveFuzzer(space, request.Profile, request.Seed, request.Jobs);
            if (level == 2 && fuzzer.PairCount > ExhaustiveFuzzer.MaxPairRuns)
                throw new Core.Exceptions.InputException(
                    $"--exhaustive 2 on {scenario.Name} would run {fuzzer.PairCount:N0} pairs ({fuzzer.SingleCount:N0} single faults: {fuzzer.Steps.Count} steps x {fuzzer.Columns.Count} faults), "
                    + $"more than the {ExhaustiveFuzzer.MaxPairRuns:N0} it runs at most; narrow the profile (fewer kinds or targets: --profile FILE) or use random schedules (--runs).");
            var total = fuzzer.SingleCount + (level == 2 ? fuzzer.PairCount : 0);
            var started = System.Diagnostics.Stopwatch.StartNew();
            var map = await renderer.WithProgressAsync(() => fuzzer.SinglesAsync(ct),
                () => new Fuzz.Engine.FuzzProgress(scenario.Name, fuzzer.Done, fuzzer.SingleCount, 0, 0, started.Elapsed, null), ct);
            WriteMap(console, map, space);
            weak += map.WeakSpots.Count();
            if (level != 2) continue;
            var singlesDone = fuzzer.SingleCount;
            var pairs = await renderer.WithProgressAsync(() => fuzzer.PairsAsync(map, ct),
                () => new Fuzz.Engine.FuzzProgress(scenario.Name + " (pairs)", singlesDone + fuzzer.Done, total, 0, 0, started.Elapsed, null), ct);
            WritePairs(console, pairs, space);
            weak += pairs.Together.Count(p => p.Result.Judgement.WithinTolerance);
        }
        return weak > 0 ? Output.ExitCodes.Failed : Output.ExitCodes.Passed;
    }

    /// <summary>One table per kind of fault: the runbook's steps as rows, the targets as columns.</summary>
    private static void WriteMap(IAnsiConsole console, FaultMap map, ScheduleSpace space)
    {
        console.MarkupLine($"[bold]Fault map of {Markup.Escape(map.Scenario.Name)}[/]: each fault strikes right before the step and lasts {Durations.Format(map.Lasting)}, run seed {map.Seed}");
        foreach (var kind in map.Columns.GroupBy(c => c.Heading))
        {
            var table = new Table().Border(TableBorder.Rounded).Title($"{Markup.Escape(kind.Key)} of ...").AddColumn("#").AddColumn("step");
            foreach (var column in kind) table.AddColumn(new TableColumn(Markup.Escape(column.Target.ToString())).Centered());
            foreach (var step in space.Scenario.Steps)
            {
                var cells = kind.Select(column => Cell(map[step.Index, column])).ToList();
                cells.Insert(0, Markup.Escape(Shorten(step.Describe(), 60)));
                cells.Insert(0, step.Index.ToString(System.Globalization.CultureInfo.InvariantCulture));
                table.AddRow(cells.ToArray());
            }
            console.Write(table);
        }
        console.MarkupLine("[grey]ok: the procedure completed and every promised invariant held; -: the fault did nothing (its host did not run, or no host had its role); "
                           + "✗ id: what broke within tolerance (the runbook's weak spot); (…): the fault went beyond what the cluster tolerates then.[/]");
        var weak = map.WeakSpots.ToArray();
        console.MarkupLine(weak.Length == 0
            ? $"[green]{Markup.Escape(map.Scenario.Name)} survives every single fault within tolerance[/] ({map.Cells.Count} runs)."
            : $"[red]{weak.Length} weak spot(s)[/] of {map.Cells.Count} runs: faults within tolerance that break {Markup.Escape(map.Scenario.Name)}; the first: "
              + Markup.Escape($"{weak[0].Column.Heading} {weak[0].Column.Target} right before step {weak[0].Step} breaks {weak[0].Result.Judgement.BrokenText}: {weak[0].Result.Judgement.Why}"));
    }

    private static string Cell(FaultMapCell cell)
    {
        var text = Markup.Escape(cell.Text);
        var j = cell.Result.Judgement;
        return !j.Failed ? (cell.Struck ? $"[green]{text}[/]" : $"[grey]{text}[/]") : j.WithinTolerance ? $"[red]{text}[/]" : $"[yellow]{text}[/]";
    }

    private static void WritePairs(IAnsiConsole console, PairReport pairs, ScheduleSpace space)
    {
        console.MarkupLine($"[bold]Pairs of {Markup.Escape(space.Scenario.Name)}[/]: {pairs.Runs} runs, {pairs.Failed} failed ({pairs.FailedAlone} because one of the two fails alone), "
                           + $"{pairs.Discarded} beyond tolerance not counted, [bold]{pairs.Together.Count}[/] fail only together.");
        foreach (var p in pairs.Together.Take(PairsListed))
        {
            console.MarkupLine($"  {Markup.Escape(FuzzRenderer.Short(p.Result.Judgement))}: {Markup.Escape(ScheduleWords.Describe(p.Result.Case.Schedule, space.Scenario).ReplaceLineEndings(" "))}");
        }
        if (pairs.Together.Count > PairsListed) console.MarkupLine($"  ... and {pairs.Together.Count - PairsListed} more");
    }

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..(max - 3)] + "...";
}
