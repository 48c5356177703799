using System.Text.Json.Serialization;

namespace EtcdLab.Core.Events;

/// <summary>
/// One entry of a run's event log. Every step, command, answer, process change, fault, observation
/// and client write is one event; invariant checkers read nothing else. <see cref="Seq"/>,
/// <see cref="At"/> and <see cref="Step"/> are stamped by the run's recorder.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(RunStarted), "run-started")]
[JsonDerivedType(typeof(RunFinished), "run-finished")]
[JsonDerivedType(typeof(RunAborted), "run-aborted")]
[JsonDerivedType(typeof(RunChecked), "run-checked")]
[JsonDerivedType(typeof(StepStarted), "step-started")]
[JsonDerivedType(typeof(StepFinished), "step-finished")]
[JsonDerivedType(typeof(CommandIssued), "command-issued")]
[JsonDerivedType(typeof(CommandAnswered), "command-answered")]
[JsonDerivedType(typeof(VariableCaptured), "variable-captured")]
[JsonDerivedType(typeof(ProcessStarted), "process-started")]
[JsonDerivedType(typeof(ProcessStopped), "process-stopped")]
[JsonDerivedType(typeof(ProcessExited), "process-exited")]
[JsonDerivedType(typeof(ProcessPaused), "process-paused")]
[JsonDerivedType(typeof(ProcessResumed), "process-resumed")]
[JsonDerivedType(typeof(DirectoryRemoved), "directory-removed")]
[JsonDerivedType(typeof(DirectoryCopied), "directory-copied")]
[JsonDerivedType(typeof(FileCopied), "file-copied")]
[JsonDerivedType(typeof(CertificateIssued), "certificate-issued")]
[JsonDerivedType(typeof(IpChanged), "ip-changed")]
[JsonDerivedType(typeof(HostConfigured), "host-configured")]
[JsonDerivedType(typeof(PartitionStarted), "partition-started")]
[JsonDerivedType(typeof(PartitionHealed), "partition-healed")]
[JsonDerivedType(typeof(FaultInjected), "fault-injected")]
[JsonDerivedType(typeof(FaultUndone), "fault-undone")]
[JsonDerivedType(typeof(MemberLogged), "member-logged")]
[JsonDerivedType(typeof(LeaderElected), "leader-elected")]
[JsonDerivedType(typeof(RaftSafetyViolated), "raft-safety-violated")]
[JsonDerivedType(typeof(ClusterObserved), "cluster-observed")]
[JsonDerivedType(typeof(ClientWriteAcknowledged), "client-write-acknowledged")]
[JsonDerivedType(typeof(ClientWriteFailed), "client-write-failed")]
[JsonDerivedType(typeof(KeyspaceRead), "keyspace-read")]
[JsonDerivedType(typeof(RestPoint), "rest-point")]
public abstract record RunEvent
{
    /// <summary>Position in the run's stream, from 1.</summary>
    [JsonPropertyOrder(-3)]
    public long Seq { get; init; }

    /// <summary>Time since the run began: virtual on the simulator, wall-clock on Docker.</summary>
    [JsonPropertyOrder(-2)]
    public TimeSpan At { get; init; }

    /// <summary>The step being executed when the event happened.</summary>
    [JsonPropertyOrder(-1)]
    public int Step { get; init; }
}
