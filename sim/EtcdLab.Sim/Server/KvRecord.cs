namespace EtcdLab.Sim.Server;

/// <summary>The current version of one key in the MVCC store.</summary>
internal sealed record KvRecord(string Value, long CreateRevision, long ModRevision, long Version);
