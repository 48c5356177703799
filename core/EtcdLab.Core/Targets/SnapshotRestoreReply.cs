using System.Text.Json.Serialization;
using EtcdLab.Core.Events;

namespace EtcdLab.Core.Targets;

/// <summary>Outcome of a snapshot restore: the data dir written and the identities it carries.</summary>
/// <param name="DataDir">The new data dir.</param>
/// <param name="MemberId">The member ID the restored member will have.</param>
/// <param name="ClusterId">The cluster ID of the new logical cluster.</param>
public sealed record SnapshotRestoreReply(
    string DataDir,
    [property: JsonConverter(typeof(HexIdJsonConverter))] ulong MemberId,
    [property: JsonConverter(typeof(HexIdJsonConverter))] ulong ClusterId);
