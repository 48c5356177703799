namespace EtcdLab.Sim.Raft;

/// <summary>The state machine at <paramref name="Index"/>: <paramref name="Data"/> is the server layer's state then.</summary>
internal sealed record RaftSnapshot(ulong Index, ulong Term, ConfState ConfState, object? Data)
{
    public static RaftSnapshot Empty { get; } = new(0, 0, ConfState.Empty, null);
}
