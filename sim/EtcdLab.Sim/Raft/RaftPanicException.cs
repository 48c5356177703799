namespace EtcdLab.Sim.Raft;

/// <summary>raft panicked (etcd's process dies): the message is raft's own text.</summary>
internal sealed class RaftPanicException(string message) : Exception(message);
