namespace EtcdLab.Core.Events;

/// <summary>A directory was copied on a host.</summary>
/// <param name="Host">Host name.</param>
/// <param name="From">Source.</param>
/// <param name="To">Copy.</param>
public sealed record DirectoryCopied(
    string Host,
    string From,
    string To) : RunEvent;
