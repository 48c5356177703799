using System.Text.RegularExpressions;

namespace EtcdLab.Core.Incidents.Import;

/// <summary>
/// Reads a raw file into typed lines: each line goes to the first parser that recognises it (shell history
/// with times, zap, capnslog and the raft logger, logrus, a Go panic and its trace, etcdctl output, a bare etcd
/// message, a command), else it stays a <see cref="TextLine"/>. Then it dates what it can: a journald time
/// without a year takes the year of a whole time in the same file, and a <c># at: &lt;time&gt;</c>
/// annotation dates the undated lines after it.
/// </summary>
public static partial class RawFileParser
{
    [GeneratedRegex(@"^#(?: (?:(?<key>[a-z][\w-]*): )?(?<text>.*))?$")]
    private static partial Regex Annotation();

    /// <summary>Reads <paramref name="input"/>; every line of it is in the result, in order.</summary>
    public static RawFile Parse(RawInput input)
    {
        var texts = input.Text.Replace("\r\n", "\n").Split('\n');
        var count = texts.Length > 0 && texts[^1].Length == 0 ? texts.Length - 1 : texts.Length;
        var lines = new List<ImportedLine>(count);
        string? source = null;
        var inTrace = false;
        for (var i = 0; i < count; i++)
        {
            var raw = new RawLine(input.Name, i + 1, texts[i]);
            var line = ParseLine(raw, inTrace);
            if (line is AnnotationLine { Key: "source" } a && source is null) source = a.Text;
            if (line is PanicLine or TraceLine) inTrace = true;
            else if (line is not TextLine { IsBlank: true }) inTrace = false;
            lines.Add(line);
        }
        return new RawFile(input.Name, source, Date(lines));
    }

    /// <summary>One line, recognised on its own (<paramref name="afterPanic"/>: a stack trace may follow).</summary>
    public static ImportedLine ParseLine(RawLine raw, bool afterPanic = false)
    {
        if (raw.Text.StartsWith('#') && Annotation().Match(raw.Text) is { Success: true } a)
            return new AnnotationLine(raw, a.Groups["key"].Success ? a.Groups["key"].Value : null, a.Groups["text"].Value);
        var prefix = LinePrefix.Strip(raw.Text);
        if (string.IsNullOrWhiteSpace(prefix.Rest)) return new TextLine(raw, prefix, null);
        if (ShellHistoryParser.IsHistoryLine(raw.Text)) return ShellHistoryParser.TryParse(raw, prefix)!;
        return ZapParser.TryParse(raw, prefix)
               ?? CapnslogParser.TryParse(raw, prefix)
               ?? LogrusParser.TryParse(raw, prefix)
               ?? GoPanicParser.TryParsePanic(raw, prefix)
               ?? (afterPanic ? GoPanicParser.TryParseTrace(raw, prefix) : null)
               // journald stores etcd 3.3's lines bare: "etcd Version: 3.3.0" there is etcd's, not an etcdctl answer.
               ?? (prefix.Process == "etcd" ? CapnslogParser.TryParseBare(raw, prefix) : null)
               ?? EtcdctlOutputParser.TryParse(raw, prefix)
               ?? CapnslogParser.TryParseBare(raw, prefix)
               ?? ShellHistoryParser.TryParse(raw, prefix)
               ?? (ImportedLine)new TextLine(raw, prefix, null);
    }

    private static IReadOnlyList<ImportedLine> Date(List<ImportedLine> lines)
    {
        var year = lines.Select(l => l.Time?.Year).FirstOrDefault(y => y is not null);
        DateTime? annotated = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line is AnnotationLine { Key: "at" } at)
            {
                annotated = LogTimes.Iso(at.Text);
                continue;
            }
            if (line.Time is not null || line is AnnotationLine || line is TextLine { IsBlank: true }) continue;
            var time = line.Prefix.SyslogTime is { } syslog && year is { } y ? LogTimes.Syslog(syslog, y) : annotated;
            if (time is not null) lines[i] = line with { Time = time };
        }
        return lines;
    }
}
