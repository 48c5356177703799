namespace EtcdLab.Core.Targets;

/// <summary>Outcome of a snapshot save.</summary>
/// <param name="Path">Where the snapshot was written on the host.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Revision">The key-value revision the snapshot holds, when the target can tell.</param>
public sealed record SnapshotSaveReply(string Path, long Size, long? Revision);
