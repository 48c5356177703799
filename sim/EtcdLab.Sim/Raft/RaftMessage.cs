namespace EtcdLab.Sim.Raft;

/// <summary>One raft message, flat like etcd's raftpb.Message: only the fields its type uses are set.</summary>
internal sealed record RaftMessage(RaftMessageType Type, ulong From, ulong To, ulong Term)
{
    public ulong LogTerm { get; init; }
    public ulong Index { get; init; }
    public IReadOnlyList<Entry> Entries { get; init; } = [];
    public ulong Commit { get; init; }
    public bool Reject { get; init; }
    public ulong RejectHint { get; init; }
    /// <summary>ReadIndex request id; also "campaign transfer" on votes forced by a leadership transfer.</summary>
    public ulong Context { get; init; }
    public RaftSnapshot? Snapshot { get; init; }

    public override string ToString() =>
        $"{Type} {From:x}->{To:x} term={Term} logTerm={LogTerm} index={Index} commit={Commit} entries={Entries.Count}{(Reject ? $" reject hint={RejectHint}" : "")}";
}
