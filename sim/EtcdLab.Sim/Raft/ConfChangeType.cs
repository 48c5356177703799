namespace EtcdLab.Sim.Raft;

/// <summary>etcd 3.4's raftpb.ConfChangeType.</summary>
internal enum ConfChangeType
{
    AddNode,
    RemoveNode,
    UpdateNode,
    AddLearnerNode,
}
