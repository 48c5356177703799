using EtcdLab.Core.Exceptions;
using EtcdLab.Driver.Configurations;
using EtcdLab.Driver.Network;
using EtcdLab.Driver.Storage;

namespace EtcdLab.Driver;

/// <summary>How <see cref="DockerClusterTarget"/> runs members.</summary>
public sealed record DockerTargetOptions
{
    /// <summary>The etcd image; null for <c>etcdlab/etcd:&lt;version of this machine's etcd&gt;</c>, built on first use.
    /// Another name (for example from a registry, for another etcd version) is pulled when missing.</summary>
    public string? Image { get; init; }

    /// <summary>Where host disks, slot locks and run owner files live (default /tmp/etcdlab).</summary>
    public string DataRoot { get; init; } = HostDirectories.DefaultRoot;

    /// <summary>The loopback slot to take (addresses 127.S.x.y); null for the lowest free one.</summary>
    public int? LoopbackSlot { get; init; }

    /// <summary>The Docker engine; null for DOCKER_HOST, else the local socket.</summary>
    public Uri? DockerEndpoint { get; init; }

    /// <summary>Raft timing to add to a start whose flags set neither <c>--heartbeat-interval</c> nor
    /// <c>--election-timeout</c>, for example <see cref="EtcdTiming.Tuned"/> (10 ms / 100 ms) so that a
    /// scenario without timing flags runs in seconds. Null (the default) starts etcd with exactly the
    /// flags given, so the container runs what the run's ProcessStarted event says.</summary>
    public EtcdTiming? DefaultTiming { get; init; }

    /// <summary>Bound of the Status and MemberList calls of one observation: a member that does not
    /// answer within it shows as not serving.</summary>
    public TimeSpan ObserveTimeout { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Bound of a one-off etcdctl run (snapshot restore).</summary>
    public TimeSpan ToolTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>True to remove leftovers of dead runs when the target is created.</summary>
    public bool Reap { get; init; } = true;

    /// <summary>Where members may open connections or send datagrams, as a CIDR inside 127.0.0.0/8 (the
    /// default, 127.0.0.0/8 itself). Whatever this says, firewall rules reject every packet a member sends
    /// outside 127.0.0.0/8; tests narrow it (for example to the run's 127.S.0.0/16) to see those rules
    /// reject a destination inside 127/8 that they are told to treat as outside.</summary>
    /// <exception cref="InputException">The value is not a network inside 127.0.0.0/8.</exception>
    public string InsideNetwork
    {
        get => _insideNetwork;
        init => _insideNetwork = EgressFirewall.ParseInsideNetwork(value).ToString();
    }

    private readonly string _insideNetwork = EgressFirewall.Loopback.ToString();
}
