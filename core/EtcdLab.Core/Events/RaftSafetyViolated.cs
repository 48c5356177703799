using System.Text.Json.Serialization;

namespace EtcdLab.Core.Events;

/// <summary>Two members of one cluster applied different entries at the same Raft index: their
/// state machines have diverged. Only the simulator sees every applied entry and records this (once
/// per member and cluster, at the first index where it differs); real etcd does not show it.</summary>
/// <param name="Host">The member that applied <paramref name="Applied"/>.</param>
/// <param name="OtherHost">The member that had applied <paramref name="OtherApplied"/> at the same index before.</param>
/// <param name="ClusterId">The cluster both belong to (hex).</param>
/// <param name="Index">The Raft index.</param>
/// <param name="Applied">What <paramref name="Host"/> applied there, with its term.</param>
/// <param name="OtherApplied">What <paramref name="OtherHost"/> applied there, with its term.</param>
public sealed record RaftSafetyViolated(
    string Host,
    string OtherHost,
    [property: JsonConverter(typeof(HexIdJsonConverter))] ulong ClusterId,
    ulong Index,
    string Applied,
    string OtherApplied) : RunEvent;
