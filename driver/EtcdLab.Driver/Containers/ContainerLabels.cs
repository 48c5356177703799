namespace EtcdLab.Driver.Containers;

/// <summary>The labels every container of a run carries: what the reaper and the cleanup select on.</summary>
internal static class ContainerLabels
{
    /// <summary>The run id.</summary>
    public const string Run = "etcdlab.run";

    /// <summary>The host the container plays.</summary>
    public const string Host = "etcdlab.host";

    /// <summary>The loopback slot of the run.</summary>
    public const string Slot = "etcdlab.slot";

    /// <summary><c>member</c> for an etcd member, <c>tool</c> for a one-off etcdctl run.</summary>
    public const string Role = "etcdlab.role";

    /// <summary>Pid of the process that owns the run.</summary>
    public const string OwnerPid = "etcdlab.owner.pid";

    /// <summary>Start time (clock ticks since boot) of the process that owns the run.</summary>
    public const string OwnerStart = "etcdlab.owner.start";
}
