using EtcdLab.Core.Targets;
using EtcdLab.Driver.Docker;
using EtcdLab.Driver.Network;
using EtcdLab.Driver.WaitStrategies;

namespace EtcdLab.Driver.Configurations;

/// <summary>Everything an <see cref="Containers.EtcdCluster"/> is made from; built by <see cref="Builders.EtcdClusterBuilder"/>.</summary>
/// <param name="RunId">Names the containers, directories and firewall rules of the run.</param>
/// <param name="Image">The etcd image; null for the one this machine builds from its own etcd.</param>
/// <param name="DataRoot">Where host disks live: <c>&lt;root&gt;/&lt;runId&gt;/&lt;host&gt;/var-lib</c>.</param>
/// <param name="Hosts">Every host, in order; an address's second byte is replaced by the slot's.</param>
/// <param name="InitialMembers">How many of the first hosts <see cref="Containers.EtcdCluster.StartAsync"/> bootstraps.</param>
/// <param name="Timing">Heartbeat and election timeout of the members the cluster bootstraps.</param>
/// <param name="ClusterToken">--initial-cluster-token of the bootstrap.</param>
/// <param name="SlotNumber">A loopback slot to take, or null for the lowest free one.</param>
/// <param name="Slot">A slot already held (the cluster then neither takes nor releases one).</param>
/// <param name="Engine">A connected engine to use (the cluster then does not dispose it).</param>
/// <param name="DockerEndpoint">The engine to connect to when <paramref name="Engine"/> is null.</param>
/// <param name="WaitStrategies">What <see cref="Containers.EtcdCluster.StartAsync"/> waits for.</param>
/// <param name="StartupTimeout">How long it waits.</param>
/// <param name="PollInterval">Pause between two checks of a wait strategy that is not met.</param>
/// <param name="Reap">True to remove leftovers of dead runs when the cluster initializes.</param>
/// <param name="InsideNetwork">Where members may open connections or send datagrams: 127.0.0.0/8, or a
/// network inside it that tests narrow it to (see <see cref="Network.EgressFirewall"/>).</param>
public sealed record EtcdClusterConfiguration(
    string RunId,
    string? Image,
    string DataRoot,
    IReadOnlyList<HostSpec> Hosts,
    int InitialMembers,
    EtcdTiming Timing,
    string ClusterToken,
    int? SlotNumber,
    LoopbackSlot? Slot,
    DockerEngine? Engine,
    Uri? DockerEndpoint,
    IReadOnlyList<IEtcdWaitStrategy> WaitStrategies,
    TimeSpan StartupTimeout,
    TimeSpan PollInterval,
    bool Reap,
    System.Net.IPNetwork InsideNetwork);
