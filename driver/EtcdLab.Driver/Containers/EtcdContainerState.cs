using EtcdLab.Core.Targets;

namespace EtcdLab.Driver.Containers;

/// <summary>The etcd process of one host as Docker reports it.</summary>
/// <param name="Process">Not started, running, paused, stopped by an operator, or exited by itself.</param>
/// <param name="ExitCode">The exit code once the process ended.</param>
/// <param name="ExitError">For a process that exited by itself, why, without timestamp and level: its last
/// critical or panic line (<c>etcdmain: couldn't find local name "m4" in the initial cluster configuration</c>),
/// else <c>etcdserver: the member has been permanently removed from the cluster</c> when it logged that,
/// else its last error line.</param>
public sealed record EtcdContainerState(ProcessState Process, int? ExitCode, string? ExitError)
{
    /// <summary>No process was ever started on the host.</summary>
    public static EtcdContainerState NotStarted { get; } = new(ProcessState.NotStarted, null, null);

    /// <summary>True while the process exists (running or paused).</summary>
    public bool IsAlive => Process is ProcessState.Running or ProcessState.Paused;
}
