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
/// <remarks>No crash loses a run: when the runner or the target fails mid-run (a bug, an engine that
/// goes away), the run ends with <see cref="RunAborted"/> and its folder keeps every event up to the
/// failure, the error and the line that reproduces it. A finished run whose event store fails keeps
/// its verdict; the store's failure is reported beside it.</remarks>
/// <param name="targets">Makes the run's target.</param>
/// <param name="openStore">Opens the event store the stream also goes to (null: none). It is opened once
/// the target exists, so that a run that cannot start writes nothing, and disposed when the run ends.</param>
public sealed class RunSession(ITargetFactory targets, Func<IEventLog?>? openStore = null)
{
    /// <summary>File name of the summary inside a run folder.</summary>
    public const string SummaryFile = "summary.json";

    /// <summary>File name of the Serilog log inside a run folder.</summary>
    public const string LogFile = "etcdlab.log";

    /// <summary>Runs <paramref name="scenario"/> as <paramref name="request"/> says; <paramref name="onEvent"/> sees
    /// every event as it is recorded. Callers load the scenario first, so bad input fails before a target is made.</summary>
    /// <exception cref="OperationCanceledException">The run was interrupted; it cleaned up and left no folder.</exception>
    public async Task<RunOutcome> RunAsync(Scenario scenario, RunRequest request, Action<RunEvent>? onEvent, CancellationToken ct)
    {
        var runId = RunFolders.NewRunId(request.Name ?? Path.GetFileNameWithoutExtension(request.ScenarioFile), request.Target, request.Seed);
        var runs = RunFolders.RunsDirectory(request.ReportsDirectory);
        var partial = Path.Combine(runs, "." + runId + ".partial");
        var final = Path.Combine(runs, runId);

        var abandoned = RunFolders.AbandonedRunIds(runs);
        var target = await targets.CreateAsync(request.Target, request.Slot, ct);
        IEventLog? store = null;
        LiveEventAppender? live = null;
        RunOutcome outcome;
        string? cleanupError = null;
        string? storeError = null;
        try
        {
            store = openStore?.Invoke();
            if (store is not null) storeError = await MarkAbandonedQuietlyAsync(store, abandoned, ct);
            RunFolders.RemoveAbandonedPartials(runs);
            RunFolders.CreatePartial(partial);
            live = store is null ? null : new LiveEventAppender(store, runId);
            var observe = live is null ? onEvent : e => { live.Add(e); onEvent?.Invoke(e); };
            outcome = await RunInFolderAsync(scenario, request, target, runId, partial, final, observe, ct);
        }
        catch
        {
            if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
            if (store is not null)
            {
                // An interrupted run leaves no folder, but the store has had its batches: close the stream.
                if (live is not null && await live.CompleteAsync() is null && live.Appended > 0)
                    await MarkAbandonedQuietlyAsync(store, [runId], CancellationToken.None);
                await store.DisposeAsync();
            }
            throw;
        }
        finally
        {
            cleanupError = await DisposeQuietlyAsync(target);
        }
        if (store is not null)
        {
            await using (store)
            {
                storeError = await live!.CompleteAsync() ?? storeError;
            }
        }
        return outcome with { CleanupError = cleanupError, StoreError = storeError };
    }

    /// <summary>Closes the stored streams of runs whose harness died (see <see cref="AbandonedRuns"/>); a
    /// store that fails here fails again for the run, so the error is only kept for the report.</summary>
    private static async Task<string?> MarkAbandonedQuietlyAsync(IEventLog store, IReadOnlyList<string> runIds, CancellationToken ct)
    {
        foreach (var id in runIds)
        {
            try
            {
                await AbandonedRuns.MarkAsync(store, id, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return OneLine(e);
            }
        }
        return null;
    }

    private static async Task<RunOutcome> RunInFolderAsync(
        Scenario scenario, RunRequest request, Core.Targets.IClusterTarget target, string runId, string partial, string final, Action<RunEvent>? onEvent, CancellationToken ct)
    {
        var wall = Stopwatch.StartNew();
        var recorder = new RunRecorder();
        string? aborted = null;
        IReadOnlyList<InvariantVerdict> verdicts = [];
        await using (var log = new LoggerConfiguration()
                         .MinimumLevel.Debug()
                         .Enrich.WithProperty("RunId", runId)
                         .WriteTo.File(new CompactJsonFormatter(), Path.Combine(partial, LogFile))
                         .CreateLogger())
        {
            log.Information("Run {RunId} of {Scenario} on {Target} with seed {Seed}", runId, scenario.Name, request.Target, request.Seed);
            recorder.Subscribe(e => log.Information("{EventType} at step {Step}: {@Event}", e.GetType().Name, e.Step, e));
            if (onEvent is not null) recorder.Subscribe(onEvent);
            var runner = new ScenarioRunner(target, recorder, RunOptions.For(runId, request.Seed) with { Faults = request.Faults?.Schedule, KeepGoing = request.KeepGoing });
            try
            {
                await runner.RunAsync(scenario, ct);
                log.Information("Run finished after {Wall} wall time, {TargetTime} target time, hosts placed {Addresses}", wall.Elapsed, target.Now, target.Addresses);
            }
            catch (Exception e) when (!ct.IsCancellationRequested && !(e is Core.Exceptions.EtcdLabException { IsInputError: true } && recorder.Events.Count == 0))
            {
                // The harness or the target failed: the run ends here, and keeps what happened so far.
                // (Bad input found before the run began, such as a slot that is taken, is not a failure
                // of the run: it stops the command with nothing written.)
                aborted = OneLine(e);
                log.Error(e, "Run aborted at step {Step}", recorder.CurrentStep);
                recorder.Record(new RunAborted(aborted, e.ToString()));
            }

            // The verdicts go into the log too, so that a store can answer for many runs without checking each again.
            verdicts = recorder.Events.FirstOrDefault() is RunStarted ? InvariantCheckers.Check(recorder.Events) : [];
            if (verdicts.Count > 0) recorder.Record(Checked(recorder.Events, verdicts, aborted));
        }

        var events = recorder.Events;
        var summary = Summarize(runId, request, scenario, events, verdicts, target.Now, wall.Elapsed, aborted);
        await new JsonLinesEventLog(Path.GetDirectoryName(partial)!).AppendAsync(Path.GetFileName(partial), events, CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(partial, SummaryFile), JsonSerializer.Serialize(summary, RunEventJson.IndentedOptions), CancellationToken.None);
        File.Delete(Path.Combine(partial, RunFolders.OwnerFile));
        Directory.Move(partial, final);
        return new RunOutcome(summary, final, events, aborted is null ? target.Addresses : Core.Targets.AddressMap.Identity);
    }

    private static RunChecked Checked(IReadOnlyList<RunEvent> events, IReadOnlyList<InvariantVerdict> verdicts, string? aborted) =>
        new(aborted is null && (events.OfType<RunFinished>().LastOrDefault()?.StepsPassed ?? false) && !verdicts.Any(v => v.FailsRun),
            verdicts.Select(v => new CheckedInvariant(
                v.Id, v.Promised, VerdictName(v.Status), v.Violations.Count, v.Violations.Count > 0 ? v.Violations.Min(x => x.Step) : null)).ToArray());

    private static string VerdictName(VerdictStatus status) => status switch
    {
        VerdictStatus.Holds => "holds",
        VerdictStatus.Broken => "broken",
        _ => "not-applicable",
    };

    private static RunSummary Summarize(
        string runId, RunRequest request, Scenario scenario, IReadOnlyList<RunEvent> events, IReadOnlyList<InvariantVerdict> verdicts,
        TimeSpan targetTime, TimeSpan wall, string? aborted)
    {
        var finished = new Dictionary<int, StepFinished>();
        foreach (var f in events.OfType<StepFinished>()) finished.TryAdd(f.Index, f);
        var declared = scenario.Declare().Steps;
        var stepRows = declared.Select(s => finished.TryGetValue(s.Index, out var f)
            ? new StepSummary(s.Index, s.Text, f.Passed ? "passed" : "failed", f.Attempts, f.Failure, f.At)
            : new StepSummary(s.Index, s.Text, "skipped", 0, null, null));
        // Each fault's strike and undo is a row of its own, where it happened among the steps.
        var faultRows = events.Select(e => e switch
        {
            FaultInjected i => new StepSummary(i.Step, $"fault {i.Fault}: {i.Description}" + (i.Hosts.Count > 0 ? $" [{string.Join(", ", i.Hosts)}]" : "")
                + (i.WithinTolerance ? "" : " (beyond what the cluster tolerates)"), i.Skipped is null ? "fault" : "fault skipped", 1, i.Skipped, i.At),
            FaultUndone u => new StepSummary(u.Step, $"fault {u.Fault} undone: {u.Description}", "undone", 1, null, u.At),
            _ => null,
        }).OfType<StepSummary>();
        var steps = stepRows.Concat(faultRows).OrderBy(r => r.Index).ThenBy(r => r.At ?? TimeSpan.MaxValue).ToArray();
        var stepsPassed = events.OfType<RunFinished>().LastOrDefault()?.StepsPassed ?? false;
        var passed = aborted is null && stepsPassed && !verdicts.Any(v => v.FailsRun);
        return new RunSummary(runId, scenario.Name, request.ScenarioFile, request.Target, request.Seed, passed, steps, verdicts,
            request.ReproduceCommand, targetTime, wall, aborted, FaultVerdict.Of(events, verdicts));
    }

    /// <summary>Removes the target's hosts; a failure there does not change the run's verdict, it is reported beside it.</summary>
    private static async Task<string?> DisposeQuietlyAsync(Core.Targets.IClusterTarget target)
    {
        try
        {
            await target.DisposeAsync();
            return null;
        }
        catch (Exception e)
        {
            return OneLine(e);
        }
    }

    /// <summary>An exception in one line: its type (unless it is one of EtcdLab's own) and message.</summary>
    private static string OneLine(Exception e) =>
        (e is Core.Exceptions.EtcdLabException ? e.Message : $"{e.GetType().Name}: {e.Message}").ReplaceLineEndings(" ");
}
