namespace EtcdLab.Core.Events;

/// <summary>etcd was frozen (SIGSTOP).</summary>
/// <param name="Host">Host name.</param>
public sealed record ProcessPaused(
    string Host) : RunEvent;
