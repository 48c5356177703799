namespace EtcdLab.Core.Events;

/// <summary>etcd exited by itself: a fatal error at start, a panic, or removal from the cluster.</summary>
/// <param name="Host">Host name.</param>
/// <param name="ExitCode">Process exit code.</param>
/// <param name="Error">The fatal line etcd printed, without its timestamp.</param>
public sealed record ProcessExited(
    string Host,
    int ExitCode,
    string Error) : RunEvent;
