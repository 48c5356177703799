using EtcdLab.Sim.Raft;

namespace EtcdLab.Sim.Server;

/// <summary>
/// An etcd data dir (<c>member/wal</c> plus <c>member/snap</c>): the member and cluster IDs of the
/// WAL metadata, the raft log and hard state, and the applied backend state.
/// </summary>
internal sealed class DataDir(ulong memberId, ulong clusterId, RaftStorage raft, ServerState state)
{
    public ulong MemberId { get; } = memberId;
    public ulong ClusterId { get; set; } = clusterId;
    public RaftStorage Raft { get; } = raft;
    public ServerState State { get; set; } = state;

    public DataDir Clone() => new(MemberId, ClusterId, Raft.Clone(), State.Frozen());
}
