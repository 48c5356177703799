using EtcdLab.Core.Scenarios;
using EtcdLab.Core.Targets;

namespace EtcdLab.Core.Running;

/// <summary>What the runner (the operator) knows about a host: its address and its etcd
/// configuration file. What runs on it is the target's to know (<see cref="IClusterTarget.ProcessOf"/>).</summary>
internal sealed class HostState(HostDefinition definition, string ip, EtcdFlags configured)
{
    public string Name { get; } = definition.Name;

    /// <summary>The host's current address, as the target placed it.</summary>
    public string Ip { get; set; } = ip;

    /// <summary>The address it had when the run began (an initial member's place in <c>--initial-cluster</c>).</summary>
    public string InitialIp { get; } = ip;

    public bool InitialMember { get; } = definition.InitialMember;

    /// <summary>Flags the scenario set on this host (its etcd.conf); defaults fill the rest.</summary>
    public EtcdFlags Configured { get; set; } = configured;

    public string ClientUrl => HostSpec.ClientUrl(Ip);

    public string PeerUrl => HostSpec.PeerUrl(Ip);
}
