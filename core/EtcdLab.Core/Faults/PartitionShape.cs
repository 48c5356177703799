namespace EtcdLab.Core.Faults;

/// <summary>How a <see cref="FaultKind.Partition"/> cuts the cluster around its target.</summary>
public enum PartitionShape
{
    /// <summary>The target alone on one side, every other host on the other.</summary>
    Isolate,

    /// <summary>A minority holding the target on one side (as many hosts as the cluster tolerates
    /// losing), the majority on the other.</summary>
    Minority,

    /// <summary>The other hosts split in two halves that cannot reach each other; only the target
    /// reaches both (a bridge, as in Jepsen's partition-bridge nemesis).</summary>
    Bridge,
}
