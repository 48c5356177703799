namespace EtcdLab.Sim.Raft;

/// <summary>A membership change (raftpb.ConfChange). <paramref name="Context"/> is the server's payload (the member).</summary>
internal sealed record ConfChange(ulong Id, ConfChangeType Type, ulong NodeId, object? Context);
