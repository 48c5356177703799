namespace EtcdLab.Core.Checkers;

/// <summary>Where a failure of a run under a fault schedule belongs: to the runbook, because it happened
/// while every fault was one the cluster should tolerate, or to the schedule, because a fault took down
/// more members than the cluster tolerates.</summary>
public enum FaultTolerance
{
    /// <summary>The runbook breaks within the failures it should tolerate: no fault beyond tolerance was in
    /// force (and, for a safety invariant, none had struck before).</summary>
    Within,

    /// <summary>Beyond tolerance: a fault that took down more members than the cluster tolerates was in
    /// force when it happened (or, for a safety invariant, had struck before it).</summary>
    Beyond,
}
