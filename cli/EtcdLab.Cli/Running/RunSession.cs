using System.Diagnostics;
using System.Text.Json;
using EtcdLab.Core.Checkers;
using EtcdLab.Core.EventLog;
using EtcdLab.Core.Events;
using EtcdLab.Core.Recording;
using EtcdLab.Core.Running;
using EtcdLab.Core.Scenarios;
using Serilog;
using Serilog.Formatting.Compact;

namespace EtcdLab.Cli.Running;

/// <summary>
/// One run from a loaded scenario to its report: makes the target, runs (the target places the
/// hosts), checks every invariant, and leaves a folder under <c>reports/runs/</c> with the events as JSON
/// lines, the summary and the Serilog log. The folder is written under a temporary name and
/// renamed when complete, so a run that fails to start or is interrupted leaves nothing behind.
/// </summary>
public sealed class RunSession(ITargetFactory targets, IEventLog? store)
{
    /// <summary>File name of the summary inside a run folder.</summary>
    public const string SummaryFile = "summary.json";

    /// <summary>File name of the Serilog log inside a run folder.</summary>
    public const string LogFile = "etcdlab.log";

    /// <summary>Runs <paramref name="scenario"/> as <paramref name="request"/> says; <paramref name="onEvent"/> sees
    /// every event as it is recorded. Callers load the scenario first, so bad input fails before a target is made.</summary>
    public async Task<RunOutcome> RunAsync(Scenario scenario, RunRequest request, Action<RunEvent>? onEvent, CancellationToken ct)
    {
        var runId = RunFolders.NewRunId(Path.GetFileNameWithoutExtension(request.ScenarioFile), request.Target, request.Seed);
        var runs = RunFolders.RunsDirectory(request.ReportsDirectory);
        var partial = Path.Combine(runs, "." + runId + ".partial");
        var final = Path.Combine(runs, runId);

        RunFolders.RemoveAbandonedPartials(runs);
        await using var target = await targets.CreateAsync(request.Target, request.Slot, ct);
        RunFolders.CreatePartial(partial);
        try
        {
            RunResult result;
            var wall = Stopwatch.StartNew();
            await using (var log = new LoggerConfiguration()
                             .MinimumLevel.Debug()
                             .Enrich.WithProperty("RunId", runId)
                             .WriteTo.File(new CompactJsonFormatter(), Path.Combine(partial, LogFile))
                             .CreateLogger())
            {
                log.Information("Run {RunId} of {Scenario} on {Target} with seed {Seed}", runId, scenario.Name, request.Target, request.Seed);
                var recorder = new RunRecorder();
                recorder.Subscribe(e => log.Information("{EventType} at step {Step}: {@Event}", e.GetType().Name, e.Step, e));
                if (onEvent is not null) recorder.Subscribe(onEvent);
                var runner = new ScenarioRunner(target, recorder, RunOptions.For(runId, request.Seed));
                result = await runner.RunAsync(scenario, ct);
                log.Information("Run finished after {Wall} wall time, {TargetTime} target time, hosts placed {Addresses}", wall.Elapsed, target.Now, target.Addresses);
            }

            var verdicts = InvariantCheckers.Check(result.Events);
            var summary = Summarize(runId, request, scenario, result, verdicts, target.Now, wall.Elapsed);
            await new JsonLinesEventLog(runs).AppendAsync(Path.GetFileName(partial), result.Events, ct);
            await File.WriteAllTextAsync(Path.Combine(partial, SummaryFile), JsonSerializer.Serialize(summary, RunEventJson.IndentedOptions), ct);
            File.Delete(Path.Combine(partial, RunFolders.OwnerFile));
            Directory.Move(partial, final);
            if (store is not null) await store.AppendAsync(runId, result.Events, ct);
            return new RunOutcome(summary, final, result.Events, target.Addresses);
        }
        catch
        {
            if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
            throw;
        }
    }

    private static RunSummary Summarize(
        string runId, RunRequest request, Scenario scenario, RunResult result, IReadOnlyList<InvariantVerdict> verdicts, TimeSpan targetTime, TimeSpan wall)
    {
        var finished = result.Events.OfType<StepFinished>().ToDictionary(f => f.Index);
        var declared = scenario.Declare().Steps;
        var steps = declared.Select(s => finished.TryGetValue(s.Index, out var f)
            ? new StepSummary(s.Index, s.Text, f.Passed ? "passed" : "failed", f.Attempts, f.Failure, f.At)
            : new StepSummary(s.Index, s.Text, "skipped", 0, null, null)).ToArray();
        var passed = result.StepsPassed && !verdicts.Any(v => v.FailsRun);
        return new RunSummary(runId, scenario.Name, request.ScenarioFile, request.Target, request.Seed, passed, steps, verdicts,
            request.ReproduceCommand, targetTime, wall);
    }
}
