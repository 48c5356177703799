namespace EtcdLab.Sim.Server;

/// <summary>A file written by <c>etcdctl snapshot save</c>: the backend of one member with its integrity hash.</summary>
internal sealed record SnapshotFile(ServerState State, long SizeBytes, bool HasHash);
