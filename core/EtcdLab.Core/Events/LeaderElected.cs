using System.Text.Json.Serialization;

namespace EtcdLab.Core.Events;

/// <summary>A member became the Raft leader of its cluster: the simulator records it when raft makes the
/// member leader, the Docker target when etcd logs <c>&lt;id&gt; became leader at term &lt;n&gt;</c>.</summary>
/// <param name="Host">The host whose etcd became leader.</param>
/// <param name="MemberId">Its member ID (written in hex, as etcd prints it).</param>
/// <param name="Term">The Raft term it leads.</param>
public sealed record LeaderElected(
    string Host,
    [property: JsonConverter(typeof(HexIdJsonConverter))] ulong MemberId,
    ulong Term) : RunEvent;
