namespace EtcdLab.Core.Events;

/// <summary>A file was copied between hosts.</summary>
/// <param name="FromHost">Source host.</param>
/// <param name="FromPath">Source path.</param>
/// <param name="ToHost">Destination host.</param>
/// <param name="ToPath">Destination path.</param>
public sealed record FileCopied(
    string FromHost,
    string FromPath,
    string ToHost,
    string ToPath) : RunEvent;
