namespace EtcdLab.Core.Faults;

/// <summary>How a fault picks its host: by name, or by the role a host has at the moment of injection.</summary>
public enum FaultTargetKind
{
    /// <summary>A host named in the schedule.</summary>
    Host,

    /// <summary>The member that leads when the fault is injected.</summary>
    Leader,

    /// <summary>A member that follows when the fault is injected (the n-th in host order, n from the fault's choice).</summary>
    Follower,

    /// <summary>The host whose shell runs the next etcdctl command of the procedure (the member that receives it).</summary>
    NextCommandHost,

    /// <summary>The member most recently added to the cluster and started.</summary>
    NewestMember,
}
