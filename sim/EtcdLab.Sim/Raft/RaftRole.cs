namespace EtcdLab.Sim.Raft;

/// <summary>raft's StateType without pre-candidates.</summary>
internal enum RaftRole
{
    Follower,
    Candidate,
    Leader,
}
