using System.Text.Json;
using System.Text.RegularExpressions;
using EtcdLab.Core.Events;

namespace EtcdLab.Driver.Logs;

/// <summary>
/// One line an etcd 3.4 member printed, split into level and text. Understands the three shapes a
/// 3.4 member prints: capnslog (the default, <c>2026-11-22 15:25:51.691001 E | rafthttp: ...</c>),
/// raft's own logger (<c>raft2026/11/22 15:26:03 INFO: ...</c>), zap JSON (<c>--logger=zap</c>), and
/// Go's <c>panic: ...</c>.
/// </summary>
/// <param name="Raw">The line as printed.</param>
/// <param name="Level">capnslog's letter (<c>C</c>, <c>E</c>, <c>W</c>, <c>N</c>, <c>I</c>, <c>D</c>), raft's or zap's
/// word in upper case (<c>INFO</c>, <c>PANIC</c>, ...), <c>PANIC</c> for Go's panic line; null for other lines (stack traces).</param>
/// <param name="Text">The line without its timestamp and level, for example
/// <c>etcdmain: couldn't find local name "m4" in the initial cluster configuration</c>.</param>
public sealed partial record EtcdLogLine(string Raw, string? Level, string Text)
{
    /// <summary>True for the lines whose text explains why a process exited by itself:
    /// critical and error lines and panics.</summary>
    public bool IsFatalOrError => Level is "C" or "E" or "ERROR" or "FATAL" or "PANIC" or "DPANIC";

    /// <summary>What the line means for an operator, when it is one runbooks warn about.</summary>
    public MemberLogKind? Kind =>
        Text.Contains("request cluster ID mismatch", StringComparison.Ordinal)
        || Text.Contains("request sent was ignored (cluster ID mismatch", StringComparison.Ordinal)
        || Text.Contains("request sent was ignored by remote peer due to cluster ID mismatch", StringComparison.Ordinal)
            ? MemberLogKind.ClusterIdMismatch
            : Text.Contains("the member has been permanently removed from the cluster", StringComparison.Ordinal)
                ? MemberLogKind.MemberRemoved
                : RemovedPeer().IsMatch(Text)
                    ? MemberLogKind.RemovedPeerRejected
                    : Level == "PANIC"
                        ? MemberLogKind.Panic
                        : null;

    /// <summary>Splits one printed line.</summary>
    public static EtcdLogLine Parse(string raw)
    {
        var line = raw.TrimEnd('\r');
        if (Capnslog().Match(line) is { Success: true } c) return new(line, c.Groups[1].Value, c.Groups[2].Value);
        if (Raft().Match(line) is { Success: true } r) return new(line, r.Groups[1].Value, r.Groups[2].Value);
        if (line.StartsWith("panic: ", StringComparison.Ordinal)) return new(line, "PANIC", line["panic: ".Length..]);
        if (line.StartsWith('{') && TryParseZap(line) is { } zap) return zap;
        return new(line, null, line);
    }

    private static EtcdLogLine? TryParseZap(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (!root.TryGetProperty("level", out var level) || !root.TryGetProperty("msg", out var msg)) return null;
            var text = msg.GetString() ?? "";
            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String) text += ": " + error.GetString();
            return new(line, level.GetString()?.ToUpperInvariant(), text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ ([A-Z]) \| (.*)$")]
    private static partial Regex Capnslog();

    [GeneratedRegex(@"^raft\d{4}/\d\d/\d\d \d\d:\d\d:\d\d ([A-Z]+): (.*)$")]
    private static partial Regex Raft();

    [GeneratedRegex(@"rejected the stream from peer \S+ since it was removed|rejected stream from remote peer because it was removed")]
    private static partial Regex RemovedPeer();
}
