using EtcdLab.Core.Scenarios;
using EtcdLab.Core.Targets;

namespace EtcdLab.Core.Running;

/// <summary>What the runner (the operator) knows about a host: its address, its etcd
/// configuration file and whether it started etcd there.</summary>
internal sealed class HostState(HostDefinition definition)
{
    public string Name { get; } = definition.Name;

    public string Ip { get; set; } = definition.Ip;

    public bool InitialMember { get; } = definition.InitialMember;

    /// <summary>Flags the scenario set on this host (its etcd.conf); defaults fill the rest.</summary>
    public EtcdFlags Configured { get; set; } = definition.Flags;

    public ProcessState Process { get; set; } = ProcessState.NotStarted;

    public string ClientUrl => HostSpec.ClientUrl(Ip);

    public string PeerUrl => HostSpec.PeerUrl(Ip);

    /// <summary>The data dir etcd on this host uses.</summary>
    public string DataDir => Configured.Get("data-dir") ?? EtcdDefaults.DataDir;
}
