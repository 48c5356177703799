namespace EtcdLab.Core.Checkers;

/// <summary>How a breach of an invariant is placed among the faults of a schedule (see <see cref="FaultTimeline"/>).</summary>
public enum ToleranceRule
{
    /// <summary>A procedural promise: the breach is beyond tolerance only while a beyond-tolerance fault is
    /// in force, from its strike until the cluster has recovered from it.</summary>
    WhileInForce,

    /// <summary>A safety invariant or the end state: the breach is beyond tolerance when a beyond-tolerance
    /// fault had struck at any time before it. With a majority out, the procedure itself can lose data
    /// (a restore or <c>--force-new-cluster</c> from a member that missed writes) or leave the cluster
    /// where it cannot recover by itself, and such damage outlasts the fault.</summary>
    SinceStruck,
}
