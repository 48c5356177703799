namespace EtcdLab.Sim.Raft;

/// <summary>A ReadIndex request the leader holds until a quorum acknowledges a heartbeat carrying its context.</summary>
internal sealed class ReadIndexStatus(ulong index, ulong from, ulong context)
{
    public ulong Index { get; } = index;
    public ulong From { get; } = from;
    public ulong Context { get; } = context;
    public HashSet<ulong> Acks { get; } = [];
}
