namespace EtcdLab.Core.Events;

/// <summary>A directory was removed on a host (<c>rm -rf</c>).</summary>
/// <param name="Host">Host name.</param>
/// <param name="Path">The directory.</param>
/// <param name="IsDataDir">True when it is the data dir the host's etcd configuration names.</param>
public sealed record DirectoryRemoved(
    string Host,
    string Path,
    bool IsDataDir) : RunEvent;
