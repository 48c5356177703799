namespace EtcdLab.Core.Events;

/// <summary>A directory was copied on a host (<c>cp -a</c>).</summary>
/// <param name="Host">Host name.</param>
/// <param name="From">Source.</param>
/// <param name="To">Copy.</param>
/// <param name="FromDataDir">True when the source is the data dir the host's etcd configuration
/// names (a backup of it): the copy holds that member's identity.</param>
/// <param name="ToDataDir">True when the copy replaced the data dir the host's etcd configuration
/// names (a restore, after the data dir was removed): etcd starts there as whatever member the
/// source held.</param>
/// <param name="Live">True when etcd ran on the data dir while it was copied: the copy holds what
/// the files held at that moment.</param>
public sealed record DirectoryCopied(
    string Host,
    string From,
    string To,
    bool FromDataDir = false,
    bool ToDataDir = false,
    bool Live = false) : RunEvent;
