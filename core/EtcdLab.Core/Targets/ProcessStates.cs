namespace EtcdLab.Core.Targets;

/// <summary>Process states in the words messages use.</summary>
public static class ProcessStates
{
    /// <summary>The state in words: <c>not started</c>, <c>running</c>, <c>paused</c>, <c>stopped</c>, <c>exited</c>.</summary>
    public static string Describe(this ProcessState state) => state switch
    {
        ProcessState.NotStarted => "not started",
        ProcessState.Running => "running",
        ProcessState.Paused => "paused",
        ProcessState.Stopped => "stopped",
        _ => "exited",
    };
}
