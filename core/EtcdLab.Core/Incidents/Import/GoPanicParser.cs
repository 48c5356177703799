using System.Text.RegularExpressions;

namespace EtcdLab.Core.Incidents.Import;

/// <summary>Reads Go panics: the <c>panic:</c> line and the stack trace after it (<c>goroutine N [running]:</c>,
/// frames and their <c>file.go:line +0x..</c> lines, which a paste may join onto one line).</summary>
public static partial class GoPanicParser
{
    [GeneratedRegex(@"^panic: (?<msg>.+)$")]
    private static partial Regex Panic();

    [GeneratedRegex(@"^goroutine \d+ \[[^\]]+\]:$|^\s+\S+\.go:\d+(?: \+0x[0-9a-f]+)?$|^[\w.@/-]+\.(?:\(\*?\w+\)\.)?\w+\(.*\)(?:\s+\S+\.go:\d+(?: \+0x[0-9a-f]+)?)?$|^created by \S+")]
    private static partial Regex Trace();

    /// <summary>A <c>panic:</c> line; null otherwise.</summary>
    public static PanicLine? TryParsePanic(RawLine raw, LinePrefix prefix) =>
        Panic().Match(prefix.Rest.Trim()) is { Success: true } m ? new PanicLine(raw, prefix, m.Groups["msg"].Value) : null;

    /// <summary>A stack trace line; call it only after a <c>panic:</c> line (a frame looks like much else).</summary>
    public static TraceLine? TryParseTrace(RawLine raw, LinePrefix prefix) =>
        Trace().IsMatch(prefix.Rest.TrimEnd()) ? new TraceLine(raw, prefix) : null;
}
