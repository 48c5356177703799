using System.Globalization;
using System.Text.RegularExpressions;

namespace EtcdLab.Core.Incidents.Import;

/// <summary>
/// Reads etcd's capnslog lines (3.0-3.4 default, <c>2019-11-21 10:13:52.675047 E | etcdserver: text</c>, also with
/// the <c>\|</c> of a markdown table), the 3.4 raft logger's (<c>raft2020/02/11 08:57:36 INFO: raft.node: text</c>),
/// and etcd messages without a logger prefix (journald's etcd 3.3 lines, a reporter's quote that starts at the package).
/// </summary>
public static partial class CapnslogParser
{
    [GeneratedRegex(@"^(?<time>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,9})?) (?<level>[CEWNID]) \\?\| (?:(?<pkg>[a-z][\w./-]*): )?(?<msg>.*)$")]
    private static partial Regex Capnslog();

    [GeneratedRegex(@"^raft(?<date>\d{4}/\d\d/\d\d \d\d:\d\d:\d\d) (?<level>[A-Z]+): (?:(?<pkg>raft(?:\.\w+)?): )?(?<msg>.*)$")]
    private static partial Regex RaftLogger();

    [GeneratedRegex(@"^(?<pkg>etcdserver(?:/[\w/]+)?|etcdmain|rafthttp|raft(?:\.node)?|embed|membership|wal|snap|mvcc|auth|pkg/\w+|etcdctl): (?<msg>.+)$")]
    private static partial Regex Bare();

    /// <summary>A capnslog or raft-logger line; null when <paramref name="prefix"/>'s rest is neither.</summary>
    public static LogLine? TryParse(RawLine raw, LinePrefix prefix)
    {
        var text = prefix.Rest;
        if (Capnslog().Match(text) is { Success: true } c)
            return new LogLine(raw, prefix, LogTimes.Iso(c.Groups["time"].Value), LogFormat.Capnslog, c.Groups["level"].Value,
                NullIfEmpty(c.Groups["pkg"].Value), c.Groups["msg"].Value, Empty);
        if (RaftLogger().Match(text) is { Success: true } r)
        {
            var time = DateTime.TryParseExact(r.Groups["date"].Value, "yyyy/MM/dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at : (DateTime?)null;
            return new LogLine(raw, prefix, time, LogFormat.RaftLogger, r.Groups["level"].Value, NullIfEmpty(r.Groups["pkg"].Value) ?? "raft", r.Groups["msg"].Value, Empty);
        }
        return null;
    }

    /// <summary>An etcd message without a time or level: after a journald prefix of an <c>etcd</c> process
    /// (which stores 3.3's messages bare), or starting with one of etcd's package names.</summary>
    public static LogLine? TryParseBare(RawLine raw, LinePrefix prefix)
    {
        if (Bare().Match(prefix.Rest) is { Success: true } b)
            return new LogLine(raw, prefix, null, LogFormat.Bare, null, b.Groups["pkg"].Value, b.Groups["msg"].Value, Empty);
        if (prefix.Process is "etcd" && prefix.Rest.Length > 0)
            return new LogLine(raw, prefix, null, LogFormat.Bare, null, null, prefix.Rest, Empty);
        return null;
    }

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
