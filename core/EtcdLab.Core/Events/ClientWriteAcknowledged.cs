namespace EtcdLab.Core.Events;

/// <summary>etcd acknowledged a client write.</summary>
/// <param name="Writer">Writer name (<c>batch</c> for a batch of writes).</param>
/// <param name="Host">The host that answered.</param>
/// <param name="Key">Key.</param>
/// <param name="Value">Value.</param>
/// <param name="Revision">Revision of the write.</param>
public sealed record ClientWriteAcknowledged(
    string Writer,
    string Host,
    string Key,
    string Value,
    long Revision) : RunEvent;
