namespace EtcdLab.Core.Targets;

/// <summary>The state of the etcd process on a host.</summary>
public enum ProcessState
{
    /// <summary>etcd was never started on this host.</summary>
    NotStarted,
    /// <summary>etcd runs.</summary>
    Running,
    /// <summary>etcd is frozen (SIGSTOP).</summary>
    Paused,
    /// <summary>An operator stopped or killed etcd.</summary>
    Stopped,
    /// <summary>etcd exited by itself: a fatal error at start, a panic, or it learned it was removed.</summary>
    Exited,
}
