using EtcdLab.Core.Scenarios;
using EtcdLab.Core.Targets;

namespace EtcdLab.Core.Running;

/// <summary>What the runner (the operator) knows about a host: its etcd configuration file. Where the
/// host is and what runs on it is the target's to know (<see cref="IClusterTarget.IpOf"/>,
/// <see cref="IClusterTarget.ProcessOf"/>): a fault may move or stop it behind the procedure's back.</summary>
internal sealed class HostState(HostDefinition definition, IClusterTarget target, EtcdFlags configured)
{
    public string Name { get; } = definition.Name;

    /// <summary>The host's current address, as the target placed it.</summary>
    public string Ip => target.IpOf(Name);

    /// <summary>The address it had when the run began (an initial member's place in <c>--initial-cluster</c>).</summary>
    public string InitialIp { get; } = target.IpOf(definition.Name);

    public bool InitialMember { get; } = definition.InitialMember;

    /// <summary>Flags the scenario set on this host (its etcd.conf); defaults fill the rest.</summary>
    public EtcdFlags Configured { get; set; } = configured;

    public string ClientUrl => HostSpec.ClientUrl(Ip);

    public string PeerUrl => HostSpec.PeerUrl(Ip);
}
