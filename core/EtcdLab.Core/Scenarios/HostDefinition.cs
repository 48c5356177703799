namespace EtcdLab.Core.Scenarios;

/// <summary>A host of the scenario.</summary>
/// <param name="Name">Host name; also the etcd member name it runs.</param>
/// <param name="Ip">Loopback address at the start.</param>
/// <param name="InitialMember">True for a member of the initial cluster, false for a spare host.</param>
/// <param name="Line">Line where the file declares it.</param>
/// <param name="Flags">etcd flags this host's configuration sets from the start.</param>
public sealed record HostDefinition(string Name, string Ip, bool InitialMember, int Line, Targets.EtcdFlags Flags);
