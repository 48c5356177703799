namespace EtcdLab.Core.Events;

/// <summary>An operator stopped (SIGTERM) or killed (SIGKILL) etcd on a host.</summary>
/// <param name="Host">Host name.</param>
/// <param name="Killed">True for SIGKILL.</param>
public sealed record ProcessStopped(
    string Host,
    bool Killed) : RunEvent;
