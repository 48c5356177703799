using System.Text.RegularExpressions;

namespace EtcdLab.Core.Incidents.Import;

/// <summary>Reads the logrus lines of k3s and RKE (<c>time="2020-12-21T15:00:45.906496636Z" level=fatal msg="..."</c>):
/// not etcd's lines, but they carry facts (a join refused, a fatal exit) an incident turns on. A <c>msg</c> cut
/// before its closing quote (a stored copy that ends mid-line) is read up to the end.</summary>
public static partial class LogrusParser
{
    [GeneratedRegex("""^time="(?<time>[^"]+)" level=(?<level>\w+) msg="(?<msg>(?:[^"\\]|\\.)*)(?:"(?<rest>.*))?$""")]
    private static partial Regex Logrus();

    [GeneratedRegex(@"\\(.)")]
    private static partial Regex Escape();

    /// <summary>The logrus line in <paramref name="prefix"/>'s rest; null when it is none.</summary>
    public static LogLine? TryParse(RawLine raw, LinePrefix prefix)
    {
        if (Logrus().Match(prefix.Rest) is not { Success: true } m) return null;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (m.Groups["rest"].Value.Trim() is { Length: > 0 } rest) fields["rest"] = rest;
        return new LogLine(raw, prefix, LogTimes.Iso(m.Groups["time"].Value), LogFormat.Logrus, m.Groups["level"].Value,
            prefix.Process, Escape().Replace(m.Groups["msg"].Value, "$1"), fields);
    }
}
