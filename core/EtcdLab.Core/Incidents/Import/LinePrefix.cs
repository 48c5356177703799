using System.Globalization;
using System.Text.RegularExpressions;

namespace EtcdLab.Core.Incidents.Import;

/// <summary>
/// What wraps an etcd line in a paste: a journald/syslog prefix (<c>Dec 21 15:00:45 master-03 k3s[1952]: </c>,
/// or cut to <c>50:06 node3 etcd[9262]: </c>), a shell prompt the output was glued to
/// (<c>root@dmz-kub-mas-s1:/# </c>, <c>[user@host ~]$ </c>, <c>$ </c>), or an editor's line number
/// (<c>  1 panic: ...</c>). The wrapper is attribution (which host and process, when), not content.
/// </summary>
/// <param name="Rest">The line without the wrapper.</param>
/// <param name="Host">The host the wrapper names, if any.</param>
/// <param name="Process">The process the journald prefix names (<c>etcd</c>, <c>k3s</c>, <c>systemd</c>).</param>
/// <param name="Pid">Its PID; a new PID marks a restart.</param>
/// <param name="SyslogTime">The journald time without a year (<c>Dec 21 15:00:45</c>), as written.</param>
/// <param name="Clock">A time cut to <c>mm:ss</c>, as written: an order within the file, not a time.</param>
/// <param name="Prompt">True when a shell prompt preceded the rest (typed, or output glued to it).</param>
public sealed partial record LinePrefix(string Rest, string? Host, string? Process, int? Pid, string? SyslogTime, string? Clock, bool Prompt)
{
    [GeneratedRegex(@"^(?<time>(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d\d:\d\d:\d\d) (?<host>[\w.-]+) (?<proc>[\w.@/-]+)\[(?<pid>\d+)\]: (?<rest>.*)$")]
    private static partial Regex Syslog();

    [GeneratedRegex(@"^(?<clock>\d\d:\d\d) (?<host>[\w.-]+) (?<proc>[\w.@/-]+)\[(?<pid>\d+)\]: (?<rest>.*)$")]
    private static partial Regex CutSyslog();

    [GeneratedRegex(@"^(?:\[(?<user>[\w.-]+)@(?<host>[\w.-]+) [^\]]*\]|(?<user>[\w.-]+)@(?<host>[\w.-]+):[^\s#$]*)[#$] ?(?<rest>.*)$")]
    private static partial Regex UserPrompt();

    [GeneratedRegex(@"^\$ ?(?<rest>\S.*)$")]
    private static partial Regex BarePrompt();

    [GeneratedRegex(@"^ {1,5}\d{1,5} (?<rest>.*)$")]
    private static partial Regex EditorLineNumber();

    /// <summary>Strips the wrappers of <paramref name="text"/>; a line without one comes back whole.</summary>
    public static LinePrefix Strip(string text)
    {
        if (Syslog().Match(text) is { Success: true } s)
            return new(s.Groups["rest"].Value, s.Groups["host"].Value, s.Groups["proc"].Value,
                int.Parse(s.Groups["pid"].Value, CultureInfo.InvariantCulture), s.Groups["time"].Value, null, false);
        if (CutSyslog().Match(text) is { Success: true } c)
            return new(c.Groups["rest"].Value, c.Groups["host"].Value, c.Groups["proc"].Value,
                int.Parse(c.Groups["pid"].Value, CultureInfo.InvariantCulture), null, c.Groups["clock"].Value, false);
        if (UserPrompt().Match(text) is { Success: true } p)
            return new(p.Groups["rest"].Value, p.Groups["host"].Value, null, null, null, null, true);
        if (BarePrompt().Match(text) is { Success: true } b)
            return new(b.Groups["rest"].Value, null, null, null, null, null, true);
        // Editor line numbers are told from a bash history line by what follows: history has a date
        // or a command, a numbered paste has the pasted text (which may be empty).
        if (EditorLineNumber().Match(text) is { Success: true } n && !ShellHistoryParser.IsHistoryLine(text))
            return new(n.Groups["rest"].Value, null, null, null, null, null, false);
        return new(text, null, null, null, null, null, false);
    }
}
