namespace EtcdLab.Core.EventLog;

/// <summary>The states of a run in <see cref="RunView.State"/>.</summary>
public static class RunStates
{
    /// <summary>No <see cref="Events.RunFinished"/> or <see cref="Events.RunAborted"/> yet.</summary>
    public const string Running = "running";

    /// <summary>Every step passed and no promised invariant broke.</summary>
    public const string Passed = "passed";

    /// <summary>A step failed or a promised invariant broke.</summary>
    public const string Failed = "failed";

    /// <summary>The harness or a target failed, or the harness died, before the run finished.</summary>
    public const string Aborted = "aborted";
}
