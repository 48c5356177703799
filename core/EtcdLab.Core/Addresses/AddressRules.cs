using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace EtcdLab.Core.Addresses;

/// <summary>
/// Which addresses EtcdLab accepts, in one place. Everything a run sends must stay on this machine's
/// loopback network (127.0.0.0/8), and the Docker lab gives each run its own slot of it, so:
/// <list type="bullet">
/// <item>an IPv4 literal is a canonical dotted quad (no leading zeros, numbers 0-255) inside 127/8;</item>
/// <item>a URL host (<c>scheme://host[:port]</c>, also inside <c>--initial-cluster name=url,...</c>
/// and <c>--endpoints</c> lists, where <c>host:port</c> without a scheme counts too) is such a
/// literal, <c>localhost</c> or <c>[::1]</c>; never a name (EtcdLab resolves none), another IPv6
/// address, or a wildcard (<c>0.0.0.0</c>, <c>[::]</c>, an empty host);</item>
/// <item>in a scenario file (<see cref="CheckScenarioText"/>) hosts live in 127.0.x.y with x &gt;= 1,
/// which each run moves into its slot 127.S.x.y (<see cref="IntoSlot"/>); 127.a.b.c with a != 0
/// could be another run's address and is refused. 127.0.0.x is localhost's range: it is accepted
/// inside URLs (runbooks show such peer URLs) but is no host's address (<see cref="CheckHostAddress"/>).</item>
/// </list>
/// <c>${name}</c> variables are opaque here: what they stand for is checked where it is defined, or
/// at run time with <see cref="CheckRunText"/> once they are filled in.
/// </summary>
public static partial class AddressRules
{
    /// <summary>Stands for a <c>${name}</c> variable in the text being scanned (a private-use character, never typed).</summary>
    private const char Opaque = '\uE000';

    private const string WildcardWhy =
        "a wildcard listen address would take the port on every address of the machine, outside 127/8 too; list the host's own address (${m1.ip}, ${m1.client-url})";

    // As ScenarioLoader reads variables; no '$' inside keeps the scan linear on a text of unclosed "${".
    [GeneratedRegex(@"\$\{[^}$]*\}")]
    private static partial Regex Variable();

    [GeneratedRegex(@"(?<![A-Za-z0-9+.\-])[A-Za-z][A-Za-z0-9+.\-]*://(?<authority>[^\s/?#,;""'<>\\(){}|^`]*)")]
    private static partial Regex Url();

    [GeneratedRegex(@"(?<![A-Za-z0-9_-])--?endpoints(?:=|\s+)(?<list>\S*)")]
    private static partial Regex EndpointsFlag();

    [GeneratedRegex(@"(?<![\w.\uE000])[0-9]+(?:\.[0-9]+){3}(?![\w\uE000]|\.[0-9])")]
    private static partial Regex DottedQuad();

    // One character class, so no input makes it backtrack: the ':' an IPv6 address needs is checked after.
    [GeneratedRegex(@"(?<![\w\]])\[[0-9A-Fa-f:.%]+\]")]
    private static partial Regex BracketedIPv6();

    [GeneratedRegex(@"(?<![\w.])127\.0\.([1-9][0-9]{0,2})\.([0-9]{1,3})(?![\w]|\.[0-9])")]
    private static partial Regex ScenarioHostAddress();

    /// <summary>The addresses a scenario file's text names that EtcdLab refuses, in the order they
    /// appear: the rules above, with hosts in the scenario space 127.0.x.y. For etcd flag values,
    /// etcdctl command lines and expected texts, as the loader reads them.</summary>
    public static IReadOnlyList<AddressProblem> CheckScenarioText(string text) => Scan(text, scenarioSpace: true);

    /// <summary>The addresses a text names at run time, after its variables were filled in, that
    /// EtcdLab refuses: the rules above, where any 127/8 address counts (the run's slot is in use).
    /// A captured value that names an outside address shows up here, by the value as written.</summary>
    public static IReadOnlyList<AddressProblem> CheckRunText(string text) => Scan(text, scenarioSpace: false);

    /// <summary>Why <paramref name="text"/> cannot be a host's address in a scenario file (<c>ip:</c>,
    /// <c>change-ip</c>'s <c>to:</c>), or null when it can: it must be exactly a canonical
    /// 127.0.x.y with x &gt;= 1.</summary>
    public static string? CheckHostAddress(string text)
    {
        if (text.Length == 0 || text.Any(c => c is not (>= '0' and <= '9' or '.')) || text.Count(c => c == '.') != 3)
            return $"'{text}' is not a loopback address 127.0.x.y; EtcdLab gives each host one (and never uses other addresses)";
        if (JudgeIPv4(text, scenarioSpace: true) is { } problem) return problem;
        return text.StartsWith("127.0.0.", StringComparison.Ordinal)
            ? $"{text}: 127.0.0.x is localhost's range, shared by every program on the machine; use 127.0.1.1 and up"
            : null;
    }

    /// <summary>Moves the scenario addresses in <paramref name="text"/> into loopback slot
    /// <paramref name="slot"/>: every 127.0.x.y with x &gt;= 1 becomes 127.S.x.y. 127.0.0.x
    /// (localhost) stays; slot 0 changes nothing.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="slot"/> is not 0-255.</exception>
    public static string IntoSlot(string text, int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(slot, 255);
        if (slot == 0) return text;
        var s = slot.ToString(CultureInfo.InvariantCulture);
        return ScenarioHostAddress().Replace(text, m => $"127.{s}.{m.Groups[1].Value}.{m.Groups[2].Value}");
    }

    private static List<AddressProblem> Scan(string text, bool scenarioSpace)
    {
        // Variables keep their length, so offsets in the masked text are offsets in the text.
        var masked = Variable().Replace(text, m => new string(Opaque, m.Length));
        var problems = new List<AddressProblem>();
        // Where a URL or an --endpoints list was judged already; a flag per character keeps the
        // scan linear in the text's length, however many addresses it holds.
        var covered = new bool[text.Length + 1];

        foreach (Match url in Url().Matches(masked))
        {
            var authority = url.Groups["authority"];
            JudgeAuthority(text, masked, authority.Index, authority.Length, scenarioSpace, problems);
            Array.Fill(covered, true, url.Index, url.Length);
        }

        foreach (Match flag in EndpointsFlag().Matches(masked))
        {
            var list = flag.Groups["list"];
            var start = list.Index;
            foreach (var item in list.Value.Split(','))
            {
                var (trimmedStart, trimmedLength) = TrimQuotes(masked, start, item.Length);
                // A lone `\` is a line continuation inside a quoted list ("https://a:2379,\<newline> https://b:2379"), no address.
                if (trimmedLength > 0 && item.Trim('\\', '"', '\'').Length > 0 && !item.Contains("://", StringComparison.Ordinal))
                    JudgeAuthority(text, masked, trimmedStart, trimmedLength, scenarioSpace, problems);
                start += item.Length + 1;
            }
            Array.Fill(covered, true, list.Index, list.Length);
        }

        // Outside URLs too, as Go prints them: "dial tcp [2001:db8::1]:2379: ...".
        foreach (Match bracketed in BracketedIPv6().Matches(masked))
        {
            if (covered[bracketed.Index] || !bracketed.Value.Contains(':')) continue;
            if (!IPAddress.TryParse(bracketed.Value[1..^1], out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6) continue;
            if (JudgeHost(bracketed.Value, scenarioSpace) is { } problem) problems.Add(new AddressProblem(bracketed.Index, bracketed.Length, bracketed.Value, problem));
            Array.Fill(covered, true, bracketed.Index, bracketed.Length);
        }

        foreach (Match quad in DottedQuad().Matches(masked))
        {
            if (covered[quad.Index]) continue;
            if (JudgeIPv4(quad.Value, scenarioSpace) is { } problem) problems.Add(new AddressProblem(quad.Index, quad.Length, quad.Value, problem));
        }
        return problems.OrderBy(p => p.Offset).ToList();
    }

    private static (int Start, int Length) TrimQuotes(string text, int start, int length)
    {
        while (length > 0 && text[start] is '"' or '\'')
        {
            start++;
            length--;
        }
        while (length > 0 && text[start + length - 1] is '"' or '\'') length--;
        return (start, length);
    }

    /// <summary>Judges the host of <c>[userinfo@]host[:port]</c> at <paramref name="start"/>; the
    /// structure is read in <paramref name="masked"/>, the address is named as <paramref name="text"/> has it.</summary>
    private static void JudgeAuthority(string text, string masked, int start, int length, bool scenarioSpace, List<AddressProblem> problems)
    {
        var authority = masked.Substring(start, length);
        var hostStart = authority.LastIndexOf('@') + 1;
        var hostPort = authority[hostStart..];
        int hostLength;
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']');
            hostLength = close < 0 ? hostPort.Length : close + 1;
        }
        else
        {
            var colons = hostPort.Count(c => c == ':');
            if (colons > 1 && !hostPort.Contains(Opaque))
            {
                var written = text.Substring(start + hostStart, hostPort.Length);
                problems.Add(new AddressProblem(start + hostStart, hostPort.Length, written,
                    $"'{written}' looks like an IPv6 address without brackets: EtcdLab uses IPv4 loopback addresses (127.x.y.z), and of IPv6 only [::1]"));
                return;
            }
            hostLength = colons >= 1 ? hostPort.IndexOf(':') : hostPort.Length;
        }
        if (hostPort[..hostLength].Contains(Opaque)) return;
        var host = text.Substring(start + hostStart, hostLength);
        if (JudgeHost(host, scenarioSpace) is { } problem) problems.Add(new AddressProblem(start + hostStart, host.Length, host, problem));
    }

    private static string? JudgeHost(string host, bool scenarioSpace)
    {
        if (host.Length == 0) return $"an empty host is a wildcard: {WildcardWhy}";
        if (host.StartsWith('['))
        {
            var inner = host.EndsWith(']') ? host[1..^1] : host[1..];
            if (!IPAddress.TryParse(inner, out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6)
                return $"'{host}' is not an IPv6 address in brackets; EtcdLab uses IPv4 loopback addresses (127.x.y.z), and of IPv6 only [::1]";
            if (ip.Equals(IPAddress.IPv6Any)) return $"{host} is a wildcard: {WildcardWhy}";
            return ip.Equals(IPAddress.IPv6Loopback) ? null
                : $"{host} is an IPv6 address other than [::1]: EtcdLab uses IPv4 loopback addresses (127.x.y.z), and of IPv6 only [::1]";
        }
        if (host.All(c => c is >= '0' and <= '9' or '.')) return JudgeIPv4(host, scenarioSpace);
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return null;
        return $"'{host}' is a host name: EtcdLab resolves no names; use the host's 127.x.y.z address or ${{m1.ip}}";
    }

    private static string? JudgeIPv4(string quad, bool scenarioSpace)
    {
        const string notAnAddress = "is not an IPv4 address: write four numbers 0-255 separated by dots, such as 127.0.1.1";
        var parts = quad.Split('.');
        if (parts.Length != 4) return $"'{quad}' {notAnAddress}";
        var values = new int[4];
        for (var i = 0; i < 4; i++)
        {
            // Leading zeros aside, more than three digits is more than 255 (and would overflow an int).
            var digits = parts[i].TrimStart('0');
            if (parts[i].Length == 0 || digits.Length > 3) return $"'{quad}' {notAnAddress}";
            values[i] = digits.Length == 0 ? 0 : int.Parse(digits, CultureInfo.InvariantCulture);
            if (values[i] > 255) return $"'{quad}' {notAnAddress}";
        }
        var canonical = string.Join('.', values);
        if (canonical != quad)
            return $"write {canonical} instead of {quad}: leading zeros make some tools read a number as octal, so the address is ambiguous";
        if (values.All(v => v == 0)) return $"{quad} is a wildcard: {WildcardWhy}";
        if (values[0] != 127)
            return $"{quad} is outside 127.0.0.0/8: EtcdLab sends nothing beyond this machine's loopback addresses; use the host's 127.x.y.z address or ${{m1.ip}}";
        if (scenarioSpace && values[1] != 0)
            return $"{quad}: scenario files use 127.0.x.y; each Docker run moves those into a free slot 127.S.x.y, so {quad} could be another run's address; write 127.0.{(values[2] == 0 ? 1 : values[2])}.{values[3]}";
        return null;
    }
}
