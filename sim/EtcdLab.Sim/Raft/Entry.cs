namespace EtcdLab.Sim.Raft;

/// <summary>One log entry. <paramref name="Data"/> is the server layer's request, a <see cref="ConfChange"/>, or null.</summary>
internal sealed record Entry(ulong Index, ulong Term, EntryType Type, object? Data);
