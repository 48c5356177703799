namespace EtcdLab.Core.Events;

/// <summary>A host as the scenario declares it.</summary>
/// <param name="Name">Host name (also its etcd member name).</param>
/// <param name="Ip">Loopback address at the start of the run.</param>
/// <param name="InitialMember">True when it is part of the cluster bootstrapped at step 0.</param>
public sealed record HostDeclaration(string Name, string Ip, bool InitialMember);
