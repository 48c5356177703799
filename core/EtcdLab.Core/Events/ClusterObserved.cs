using EtcdLab.Core.Targets;

namespace EtcdLab.Core.Events;

/// <summary>What every host showed after a step.</summary>
/// <param name="Observation">Process state, status and member list per host.</param>
public sealed record ClusterObserved(
    ClusterObservation Observation) : RunEvent;
