using System.Globalization;
using System.Text.RegularExpressions;

namespace EtcdLab.Core.Incidents.Import;

/// <summary>
/// Reads what etcdctl prints: <c>member list</c> (v3 simple and table, v2 <c>id: name=.. peerURLs=..</c>),
/// <c>endpoint status</c> (simple and table), <c>endpoint health</c> and v2 <c>cluster-health</c>, and the
/// one-line answers of <c>member add/remove</c>, errors, version blocks and table frames.
/// </summary>
public static partial class EtcdctlOutputParser
{
    [GeneratedRegex(@"^(?<id>[0-9a-f]{1,16})(?:\[unstarted\])?: name=(?<name>\S*) peerURLs=(?<peer>\S*) clientURLs=(?<client>\S*)(?: isLeader=(?<leader>true|false))?$")]
    private static partial Regex V2Member();

    [GeneratedRegex(@"^(?:(?<ep>\S+) )?is (?<state>healthy|unhealthy): (?<detail>.*)$")]
    private static partial Regex V3Health();

    [GeneratedRegex(@"^member (?<id>[0-9a-f]{1,16}) is (?<state>healthy|unhealthy): (?<detail>.*?)(?: from (?<url>\S+))?$")]
    private static partial Regex V2Health();

    [GeneratedRegex(@"^(?:Added member named \S+ with ID [0-9a-f]+|Member\s+[0-9a-f]+ (?:added to|removed from|updated in|promoted in) cluster\s+[0-9a-f]+|Removed member [0-9a-f]+ from cluster|cluster is (?:un)?healthy|cluster may be unhealthy.*|Error:\s.*|etcdctl version:? \S+|etcd Version: \S+|API version: \S+|Git SHA: \S+|Go Version: \S+|Go OS/Arch: \S+|ETCD_[A-Z_]+=.*|Snapshot saved at \S+)$")]
    private static partial Regex Message();

    [GeneratedRegex(@"^\+[-+]+\+$|^\|\s*(?:ID|ENDPOINT)\s*\|")]
    private static partial Regex TableFrame();

    [GeneratedRegex(@"^\d+\.\d+\.\d+$")]
    private static partial Regex Version();

    [GeneratedRegex(@"^[0-9a-f]{1,16}$")]
    private static partial Regex HexId();

    /// <summary>The etcdctl output in <paramref name="prefix"/>'s rest; null when it is none of the shapes above.</summary>
    public static ImportedLine? TryParse(RawLine raw, LinePrefix prefix)
    {
        var text = prefix.Rest.Trim();
        if (text.Length == 0) return null;
        if (V2Member().Match(text) is { Success: true } v2)
            return new MemberListRow(raw, prefix, v2.Groups["id"].Value, null, v2.Groups["name"].Value, Urls(v2.Groups["peer"].Value),
                Urls(v2.Groups["client"].Value), null, v2.Groups["leader"].Success ? v2.Groups["leader"].Value == "true" : null, 2);
        if (V2Health().Match(text) is { Success: true } h2)
            return new EndpointHealthRow(raw, prefix, h2.Groups["url"].Success ? h2.Groups["url"].Value : null, h2.Groups["id"].Value,
                h2.Groups["state"].Value == "healthy", h2.Groups["detail"].Value);
        if (V3Health().Match(text) is { Success: true } h3)
            return new EndpointHealthRow(raw, prefix, h3.Groups["ep"].Success ? h3.Groups["ep"].Value : null, null,
                h3.Groups["state"].Value == "healthy", h3.Groups["detail"].Value);
        if (Message().IsMatch(text) || TableFrame().IsMatch(text)) return new EtcdctlMessage(raw, prefix, text);

        var table = text.StartsWith('|') && text.EndsWith('|');
        var cells = table
            ? text.Trim('|').Split('|').Select(c => c.Trim()).ToArray()
            : text.Split(", ").Select(c => c.Trim()).ToArray();
        if (cells.Length is 5 or 6 && HexId().IsMatch(cells[0]) && cells[1] is "started" or "unstarted")
            return new MemberListRow(raw, prefix, cells[0], cells[1], cells[2], Urls(cells[3]), Urls(cells[4]),
                cells.Length == 6 && bool.TryParse(cells[5], out var learner) ? learner : null, null, 3);
        // endpoint, id, version, db size, is leader, [is learner,] raft term, raft index, [applied index,] [errors]
        if (cells.Length >= 7 && HexId().IsMatch(cells[1]) && Version().IsMatch(cells[2]) && bool.TryParse(cells[4], out var leader))
        {
            var at = bool.TryParse(cells[5], out _) ? 6 : 5;
            return new EndpointStatusRow(raw, prefix, cells[0], cells[1], cells[2], cells[3], leader, Long(cells, at), Long(cells, at + 1));
        }
        return null;
    }

    private static long? Long(string[] cells, int i) =>
        i < cells.Length && long.TryParse(cells[i], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static IReadOnlyList<string> Urls(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
