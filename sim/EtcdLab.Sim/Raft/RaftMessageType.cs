namespace EtcdLab.Sim.Raft;

/// <summary>The raft message types the simulator needs (etcd's raftpb.MessageType, pre-vote left out: 3.4 has it off).</summary>
internal enum RaftMessageType
{
    Prop,
    App,
    AppResp,
    Vote,
    VoteResp,
    Snap,
    Heartbeat,
    HeartbeatResp,
    TimeoutNow,
    ReadIndex,
    ReadIndexResp,
}
