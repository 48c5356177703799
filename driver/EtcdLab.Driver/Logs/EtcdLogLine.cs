using System.Text.Json;
using System.Text.RegularExpressions;
using EtcdLab.Core.Events;

namespace EtcdLab.Driver.Logs;

/// <summary>
/// One line an etcd 3.4 member printed, split into level and text. Understands the shapes a 3.4
/// member prints: capnslog (the default, <c>2026-11-22 15:25:51.691001 E | rafthttp: ...</c>),
/// raft's own logger (<c>raft2026/11/22 15:26:03 INFO: ...</c>), zap JSON (<c>--logger=zap</c>),
/// Go's <c>panic: ...</c>, and the error line of Go's flag package
/// (<c>invalid value "-5" for flag -snapshot-count: parse error</c>), which etcd prints bare before
/// its usage text and exit code 2.
/// </summary>
/// <param name="Raw">The line as printed.</param>
/// <param name="Level">capnslog's letter (<c>C</c>, <c>E</c>, <c>W</c>, <c>N</c>, <c>I</c>, <c>D</c>), raft's or zap's
/// word in upper case (<c>INFO</c>, <c>PANIC</c>, ...), <c>PANIC</c> for Go's panic line, <c>FATAL</c> for a flag the
/// flag package refused (the process exits because of it); null for other lines (stack traces, usage text).</param>
/// <param name="Text">The line without its timestamp and level, for example
/// <c>etcdmain: couldn't find local name "m4" in the initial cluster configuration</c>.</param>
public sealed partial record EtcdLogLine(string Raw, string? Level, string Text)
{
    /// <summary>True for the lines whose text explains why a process exited by itself:
    /// critical and error lines and panics.</summary>
    public bool IsFatalOrError => Level is "C" or "E" or "ERROR" or "FATAL" or "PANIC" or "DPANIC";

    /// <summary>True for the lines etcd prints because it is about to exit: critical, fatal and panic
    /// lines (a flag value Go's flag package refused included), and etcdmain's
    /// <c>error verifying flags, ... See 'etcd --help'.</c> (an error line, then exit 1; for a missing
    /// <c>--advertise-client-urls</c> a second error line with advice follows it).</summary>
    public bool EndsProcess => Level is "C" or "FATAL" or "PANIC" or "DPANIC"
        || (Level == "E" && Text.StartsWith("etcdmain: error verifying flags, ", StringComparison.Ordinal))
        || (Level == "WARN" && Text.StartsWith("failed to verify flags: ", StringComparison.Ordinal));

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
                        : TlsFailure(Text)
                            ? MemberLogKind.TlsHandshakeFailed
                            : null;

    /// <summary>The texts of a failed handshake in etcd 3.4's log: pkg/transport's listener
    /// (<c>embed: rejected connection from ...</c>) and what Go's crypto/tls and crypto/x509 say on the
    /// dialling side, inside rafthttp's and the prober's warnings.</summary>
    private static bool TlsFailure(string text) =>
        text.Contains("rejected connection from", StringComparison.Ordinal)
        || text.Contains("remote error: tls: ", StringComparison.Ordinal)
        || text.Contains("x509: certificate", StringComparison.Ordinal);

    /// <summary>The member and term of raft's <c>&lt;id&gt; became leader at term &lt;n&gt;</c>, which a member prints
    /// once each time it becomes leader (through raft's logger, or as zap's <c>msg</c>); null for any other line.</summary>
    /// <remarks>Every member also prints <c>raft.node: &lt;id&gt; elected leader &lt;leader&gt; at term &lt;n&gt;</c> when it
    /// learns of a leader, but only when it had none: a member that moves straight from one leader to the next prints
    /// <c>changed leader from ... to ...</c> instead. The leader's own line is the one that is always there.</remarks>
    public (ulong MemberId, ulong Term)? Election =>
        Level is "INFO" && BecameLeader().Match(Text) is { Success: true } m
        && ulong.TryParse(m.Groups[1].Value, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var id)
        && ulong.TryParse(m.Groups[2].Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var term)
            ? (id, term)
            : null;

    /// <summary>Splits one printed line.</summary>
    public static EtcdLogLine Parse(string raw)
    {
        var line = raw.TrimEnd('\r');
        if (Capnslog().Match(line) is { Success: true } c) return new(line, c.Groups[1].Value, c.Groups[2].Value);
        if (Raft().Match(line) is { Success: true } r) return new(line, r.Groups[1].Value, r.Groups[2].Value);
        if (line.StartsWith("panic: ", StringComparison.Ordinal)) return new(line, "PANIC", line["panic: ".Length..]);
        if (GoFlagError().IsMatch(line)) return new(line, "FATAL", line);
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

    /// <summary>The failures Go's flag package (go1.19, etcd 3.4.23's) reports before it prints the
    /// usage: <c>invalid value %q for flag -%s: %v</c>, <c>invalid boolean value %q for -%s: %v</c>,
    /// <c>invalid boolean flag %s: %v</c>, <c>flag provided but not defined: -%s</c>,
    /// <c>flag needs an argument: -%s</c>, <c>bad flag syntax: %s</c>.</summary>
    [GeneratedRegex(@"^(invalid value "".*"" for flag -\S+: |invalid boolean value "".*"" for -\S+: |invalid boolean flag \S+: |flag provided but not defined: -|flag needs an argument: -|bad flag syntax: )")]
    private static partial Regex GoFlagError();

    [GeneratedRegex(@"^([0-9a-f]{1,16}) became leader at term (\d{1,20})$")]
    private static partial Regex BecameLeader();

    [GeneratedRegex(@"rejected the stream from peer \S+ since it was removed|rejected stream from remote peer because it was removed")]
    private static partial Regex RemovedPeer();
}
