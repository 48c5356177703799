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

    /// <summary>The flags the scenario gives every member (set once the run begins).</summary>
    public EtcdFlags ClusterFlags { get; set; } = EtcdFlags.Empty;

    /// <summary>The host's client URL at its current address: <c>https</c> when its configuration
    /// serves clients over TLS (what <c>${host.client-url}</c> gives and the harness dials).</summary>
    public string ClientUrl => HostSpec.ClientUrl(Ip, HostSpec.ServesClientTls(ClusterFlags.Merge(Configured)));

    /// <summary>The host's peer URL at its current address, <c>https</c> when its configuration talks TLS to peers.</summary>
    public string PeerUrl => HostSpec.PeerUrl(Ip, PeerTls);

    /// <summary>True when the host's configuration talks TLS to peers.</summary>
    public bool PeerTls => HostSpec.ServesPeerTls(ClusterFlags.Merge(Configured));
}
