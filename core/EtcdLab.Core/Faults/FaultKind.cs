namespace EtcdLab.Core.Faults;

/// <summary>What a fault does to its target, and what undoing it does.</summary>
public enum FaultKind
{
    /// <summary>SIGKILL; undone by starting etcd again with the host's configuration.</summary>
    Crash,

    /// <summary>A graceful stop (SIGTERM); undone by starting etcd again.</summary>
    Stop,

    /// <summary>SIGSTOP; undone by SIGCONT.</summary>
    Pause,

    /// <summary>Peer traffic cut (see <see cref="PartitionShape"/>); undone by healing.</summary>
    Partition,

    /// <summary>Every peer packet to and from the host delayed; undone by restoring its links.</summary>
    Delay,

    /// <summary>A share of the peer packets to and from the host dropped; undone by restoring its links.</summary>
    Loss,

    /// <summary>SIGKILL, and the host's data dir is gone (its disk was replaced); undone by starting
    /// etcd again on the empty data dir with the host's configuration.</summary>
    DiskLoss,

    /// <summary>SIGKILL, and the host comes back on another loopback address; undone by starting etcd
    /// there with the host's configuration, whose default URLs follow the address.</summary>
    Readdress,
}
