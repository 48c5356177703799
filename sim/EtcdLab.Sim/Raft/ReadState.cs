namespace EtcdLab.Sim.Raft;

/// <summary>A ReadIndex answer: once the applied index reaches <paramref name="Index"/>, the read with <paramref name="Context"/> may be served.</summary>
internal readonly record struct ReadState(ulong Index, ulong Context);
