namespace EtcdLab.Core.Events;

/// <summary>A client write got an error or no answer.</summary>
/// <param name="Writer">Writer name.</param>
/// <param name="Key">Key.</param>
/// <param name="Error">etcd's error text.</param>
public sealed record ClientWriteFailed(
    string Writer,
    string Key,
    string Error) : RunEvent;
