using System.Globalization;
using System.Text.RegularExpressions;

namespace EtcdLab.Core.Incidents.Import;

/// <summary>
/// Reads the commands an operator typed: bash <c>history</c> with <c>HISTTIMEFORMAT="%F %T "</c>
/// (<c>  123  2021-10-29 08:00:00 cmd</c>), zsh extended history (<c>: 1635494400:0;cmd</c>), a command
/// after a prompt (<c>$ cmd</c>, <c>root@host:/# cmd</c>) and a bare command line of a listed procedure.
/// </summary>
public static partial class ShellHistoryParser
{
    [GeneratedRegex(@"^\s*\d+\*?\s+(?<time>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\s+(?<cmd>\S.*)$")]
    private static partial Regex Bash();

    [GeneratedRegex(@"^: (?<epoch>\d{9,11}):\d+;(?<cmd>.+)$")]
    private static partial Regex Zsh();

    // What a listed step starts with when it is a command: the tools incidents use, optionally after
    // sudo and environment assignments, by path or from the current folder.
    [GeneratedRegex(@"^(?:sudo(?:\s+-u\s+\S+)?\s+)?(?:[A-Z][A-Z0-9_]*=\S*\s+)*(?:(?:\.|~)?/[\w./-]*/|\./)?(?:(?:etcdctl|etcdutl|systemctl|service|rm|cp|mv|mkdir|kubectl|docker|crictl|curl|sh|bash|kill|pkill|journalctl)\s|etcd\s+-|[\w-]+\.sh\b)")]
    private static partial Regex CommandWord();

    /// <summary>True when <paramref name="text"/> is a timestamped bash or zsh history line.</summary>
    public static bool IsHistoryLine(string text) => Bash().IsMatch(text) || Zsh().IsMatch(text);

    /// <summary>True when <paramref name="text"/> starts like a command line of the tools incidents use.</summary>
    public static bool LooksLikeCommand(string text) => CommandWord().IsMatch(text.TrimStart());

    /// <summary>The command on a history line (bash or zsh), or after a prompt, or a bare command; null otherwise.</summary>
    public static ShellCommand? TryParse(RawLine raw, LinePrefix prefix)
    {
        if (Bash().Match(raw.Text) is { Success: true } b)
            return new ShellCommand(raw, prefix, LogTimes.Iso(b.Groups["time"].Value), b.Groups["cmd"].Value.TrimEnd(), HistoryStyle.BashTimestamped);
        if (Zsh().Match(raw.Text) is { Success: true } z)
            return new ShellCommand(raw, prefix, LogTimes.Epoch(long.Parse(z.Groups["epoch"].Value, CultureInfo.InvariantCulture)),
                z.Groups["cmd"].Value.TrimEnd(), HistoryStyle.ZshExtended);
        var rest = prefix.Rest.Trim();
        if (rest.Length == 0) return null;
        if (prefix.Prompt) return new ShellCommand(raw, prefix, null, rest, HistoryStyle.Prompt);
        return LooksLikeCommand(rest) ? new ShellCommand(raw, prefix, null, rest, HistoryStyle.Bare) : null;
    }
}
