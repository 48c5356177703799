namespace EtcdLab.Core.Incidents.Import;

/// <summary>One line of <c>etcdctl endpoint health</c> (v3) or <c>etcdctl cluster-health</c> (v2).</summary>
/// <param name="Raw">The line as written.</param>
/// <param name="Prefix">Its wrapper.</param>
/// <param name="Endpoint">The endpoint or URL it names; null when the reporter cut it.</param>
/// <param name="MemberId">v2's member ID, if printed.</param>
/// <param name="Healthy">Whether it says healthy.</param>
/// <param name="Detail">The text after <c>is healthy:</c> / <c>is unhealthy:</c>.</param>
public sealed record EndpointHealthRow(RawLine Raw, LinePrefix Prefix, string? Endpoint, string? MemberId, bool Healthy, string Detail)
    : ImportedLine(Raw, Prefix, null);
