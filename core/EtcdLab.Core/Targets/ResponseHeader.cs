using System.Text.Json.Serialization;
using EtcdLab.Core.Events;

namespace EtcdLab.Core.Targets;

/// <summary>The header etcd puts on every answer: who answered, in which cluster, at which revision and term.</summary>
public sealed record ResponseHeader(
    [property: JsonConverter(typeof(HexIdJsonConverter))] ulong ClusterId,
    [property: JsonConverter(typeof(HexIdJsonConverter))] ulong MemberId,
    long Revision, ulong RaftTerm);
