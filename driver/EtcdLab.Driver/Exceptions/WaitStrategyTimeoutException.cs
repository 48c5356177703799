using EtcdLab.Core.Exceptions;

namespace EtcdLab.Driver.Exceptions;

/// <summary>A cluster did not reach a readiness condition before its deadline. The message names the
/// condition, the run and what each member showed at the last check; Details carry the members' last log lines.</summary>
public sealed class WaitStrategyTimeoutException(string runId, string condition, TimeSpan timeout, string lastProgress, string? logs)
    : EtcdLabException(
        $"Run {runId}: waited {timeout.TotalSeconds:0.##} s for {condition}, in vain. Last check: {lastProgress}. "
        + "The members' last log lines follow; a member that exited names its reason there. "
        + "On a slow machine raise the deadline (WithStartupTimeout) or use etcd's default timing (WithEtcdDefaultTiming).",
        logs)
{
    /// <summary>The run whose cluster was not ready.</summary>
    public string RunId { get; } = runId;

    /// <summary>The condition waited for.</summary>
    public string Condition { get; } = condition;

    /// <summary>What each member showed at the last check.</summary>
    public string LastProgress { get; } = lastProgress;
}
