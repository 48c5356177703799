namespace EtcdLab.Core.Events;

/// <summary>etcd was thawed (SIGCONT).</summary>
/// <param name="Host">Host name.</param>
public sealed record ProcessResumed(
    string Host) : RunEvent;
