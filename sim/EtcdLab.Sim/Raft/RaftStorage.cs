namespace EtcdLab.Sim.Raft;

/// <summary>
/// What raft keeps on disk: hard state, the latest snapshot and the entries after it. The raft
/// node works on this object directly, so everything it holds is "fsynced" the moment it
/// changes: etcd persists entries and hard state before it acknowledges them, and a kill loses
/// nothing acknowledged.
/// </summary>
internal sealed class RaftStorage
{
    public ulong Term { get; set; }
    public ulong Vote { get; set; }
    public ulong Commit { get; set; }
    public RaftSnapshot Snapshot { get; set; } = RaftSnapshot.Empty;
    /// <summary>Entries from <c>Snapshot.Index + 1</c> on.</summary>
    public List<Entry> Entries { get; private init; } = [];

    public RaftStorage Clone() => new()
    {
        Term = Term,
        Vote = Vote,
        Commit = Commit,
        Snapshot = Snapshot,
        Entries = [.. Entries],
    };
}
