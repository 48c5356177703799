namespace EtcdLab.Core.Events;

/// <summary>A host moved to another loopback address.</summary>
/// <param name="Host">Host name.</param>
/// <param name="OldIp">Address before.</param>
/// <param name="NewIp">Address after.</param>
public sealed record IpChanged(
    string Host,
    string OldIp,
    string NewIp) : RunEvent;
