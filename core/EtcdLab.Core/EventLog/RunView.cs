using EtcdLab.Core.Events;

namespace EtcdLab.Core.EventLog;

/// <summary>
/// What a store keeps about one run besides its events, built from them one at a time (a projection,
/// <see cref="Fold(RunEvent)"/>), so that listing runs and the per-scenario history never read whole streams:
/// scenario, procedure, target, seed, state, failed steps and the verdict of every invariant.
/// </summary>
/// <remarks>Both stores fold with this one class: Marten as an inline projection, SQLite in the same
/// transaction as the events.</remarks>
public sealed class RunView
{
    /// <summary>The run id (the stream's key).</summary>
    public string Id { get; set; } = "";

    /// <summary>Scenario name, from <see cref="RunStarted"/>.</summary>
    public string Scenario { get; set; } = "";

    /// <summary>Scenario file as the run named it.</summary>
    public string File { get; set; } = "";

    /// <summary>Runbook procedure, for example <c>P1</c>.</summary>
    public string Procedure { get; set; } = "";

    /// <summary><c>sim</c> or <c>docker</c>.</summary>
    public string Target { get; set; } = "";

    /// <summary>Seed of the run.</summary>
    public ulong Seed { get; set; }

    /// <summary><c>running</c> until the run finishes, then <c>passed</c>, <c>failed</c> or <c>aborted</c>.</summary>
    public string State { get; set; } = RunStates.Running;

    /// <summary>Why the procedure stopped early, or why the run was aborted.</summary>
    public string? Failure { get; set; }

    /// <summary>How many events the run has.</summary>
    public long Events { get; set; }

    /// <summary>Target time of the last event.</summary>
    public TimeSpan Duration { get; set; }

    /// <summary>Numbers of the steps that failed (after their retries).</summary>
    public List<int> FailedSteps { get; set; } = [];

    /// <summary>Steps that needed more than one attempt to pass: where a runbook waits on the cluster.</summary>
    public List<int> RetriedSteps { get; set; } = [];

    /// <summary>Invariant id to <c>holds</c>, <c>broken</c> or <c>not-applicable</c>, once the run is checked.</summary>
    public Dictionary<string, string> Verdicts { get; set; } = [];

    /// <summary>Invariants whose breach fails the run (promised and broken).</summary>
    public List<string> Broken { get; set; } = [];

    /// <summary>When the store took the run's first batch (wall clock, UTC).</summary>
    public DateTimeOffset FirstStored { get; set; }

    /// <summary>When the store took the run's last batch (wall clock, UTC).</summary>
    public DateTimeOffset LastStored { get; set; }

    /// <summary>Folds <paramref name="e"/> into the view.</summary>
    public void Fold(RunEvent e)
    {
        Events++;
        if (e.At > Duration) Duration = e.At;
        switch (e)
        {
            case RunStarted started:
                Scenario = started.Scenario.Name;
                File = started.Scenario.File;
                Procedure = started.Scenario.Procedure;
                Target = started.Target;
                Seed = started.Seed;
                break;
            case StepFinished { Passed: false } failed:
                if (!FailedSteps.Contains(failed.Index)) FailedSteps.Add(failed.Index);
                break;
            case StepFinished { Passed: true, Attempts: > 1 } retried:
                if (!RetriedSteps.Contains(retried.Index)) RetriedSteps.Add(retried.Index);
                break;
            case RunFinished finished:
                if (State != RunStates.Aborted) State = finished.StepsPassed ? RunStates.Passed : RunStates.Failed;
                Failure ??= finished.Failure;
                break;
            case RunAborted aborted:
                State = RunStates.Aborted;
                Failure = aborted.Error;
                break;
            case RunChecked check:
                Verdicts = check.Verdicts.ToDictionary(v => v.Id, v => v.Status);
                Broken = check.Verdicts.Where(v => v.Promised && v.Status == "broken").Select(v => v.Id).ToList();
                if (State != RunStates.Aborted) State = check.Passed ? RunStates.Passed : RunStates.Failed;
                break;
        }
    }

    /// <summary>Folds a batch the store took at <paramref name="storedAt"/>.</summary>
    public void Fold(IEnumerable<RunEvent> batch, DateTimeOffset storedAt)
    {
        if (Events == 0) FirstStored = storedAt;
        LastStored = storedAt;
        foreach (var e in batch) Fold(e);
    }
}
