namespace EtcdLab.Core.EventLog;

/// <summary>One scenario on one target over the stored runs (<see cref="RunHistory"/>).</summary>
/// <param name="Scenario">Scenario name.</param>
/// <param name="Target"><c>sim</c> or <c>docker</c>.</param>
/// <param name="Runs">Finished runs (passed, failed or aborted).</param>
/// <param name="Passed">Of those, how many passed.</param>
/// <param name="LastFailure">The newest failed or aborted run: its id and why.</param>
/// <param name="BrokenMost">The promised invariant broken in most runs, with the count.</param>
/// <param name="FailingSteps">Steps that failed, with how many runs each, most first.</param>
/// <param name="RetriedSteps">Steps that passed only after retries in some runs: where the runbook waits on the cluster, and where timing makes a run flaky.</param>
public sealed record HistoryRow(
    string Scenario,
    string Target,
    int Runs,
    int Passed,
    string? LastFailure,
    string? BrokenMost,
    string FailingSteps,
    string RetriedSteps)
{
    /// <summary>Passed runs over finished runs.</summary>
    public double PassRate => Runs == 0 ? 0 : (double)Passed / Runs;
}
