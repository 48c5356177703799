namespace EtcdLab.Sim.Server;

/// <summary>What etcd reaches while it starts: its host's disk and the peer URLs it may ask for the cluster's members.</summary>
/// <param name="HostIp">The host's current address (listeners bind to it).</param>
/// <param name="LoadDataDir">The data dir at a path, null when there is no WAL there.</param>
/// <param name="SaveDataDir">Creates the data dir at a path.</param>
/// <param name="FetchMembers">GET /members on a peer URL: the answer, or null when nobody answers.</param>
internal sealed record StartContext(
    string HostIp,
    Func<string, DataDir?> LoadDataDir,
    Action<string, DataDir> SaveDataDir,
    Func<string, ClusterInfo?> FetchMembers);
