namespace EtcdLab.Sim.Raft;

/// <summary>A normal entry (a request of the server layer, or the leader's empty entry) or a membership change.</summary>
internal enum EntryType
{
    Normal,
    ConfChange,
}
