namespace EtcdLab.Sim.Raft;

/// <summary>How the leader replicates to one follower (tracker.StateType).</summary>
internal enum ProgressState
{
    Probe,
    Replicate,
    Snapshot,
}
