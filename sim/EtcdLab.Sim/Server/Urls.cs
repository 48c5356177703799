using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EtcdLab.Sim.Server;

/// <summary>
/// The parts of http URLs that routing and etcd's checks look at, and etcd 3.4's URL validation
/// with its own error texts: Go's <c>net/url.Parse</c> (go1.19, what etcd 3.4.23 is built with),
/// <c>net.SplitHostPort</c>, and <c>pkg/types.NewURLs</c> on top of them.
/// </summary>
internal static class Urls
{
    /// <summary>The host part of <c>http://host:port</c>.</summary>
    public static string Host(string url)
    {
        var rest = Authority(url);
        var colon = rest.LastIndexOf(':');
        return colon >= 0 ? rest[..colon] : rest;
    }

    /// <summary>The port of <c>http://host:port</c>, 0 when there is none.</summary>
    public static int Port(string url)
    {
        var rest = Authority(url);
        var colon = rest.LastIndexOf(':');
        return colon >= 0 && int.TryParse(rest[(colon + 1)..], out var p) ? p : 0;
    }

    /// <summary><c>host:port</c> of a URL: after the scheme, before any path, query or fragment.</summary>
    private static string Authority(string url)
    {
        var rest = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        var end = rest.IndexOfAny(['/', '?', '#']);
        return end >= 0 ? rest[..end] : rest;
    }

    /// <summary>True for the names every host has for itself.</summary>
    public static bool IsLoopbackName(string host) => host is "localhost" or "127.0.0.1" or "::1" or "[::1]";

    /// <summary>True for the wildcard addresses a listener binds to all interfaces with.</summary>
    public static bool IsWildcard(string host) => host is "0.0.0.0" or "" or "[::]" or "::";

    /// <summary>What etcd's resolver turns the URL into: <c>localhost</c> becomes 127.0.0.1.</summary>
    public static string Resolve(string url) => Host(url) == "localhost" ? url.Replace("://localhost", "://127.0.0.1", StringComparison.Ordinal) : url;

    /// <summary>Go's <c>%v</c> of a []string.</summary>
    public static string GoList(IEnumerable<string> items) => "[" + string.Join(" ", items) + "]";

    /// <summary>netutil.URLStringsEqual: compares resolved, sorted URL lists and says where they differ.</summary>
    public static bool StringsEqual(IReadOnlyList<string> a, IReadOnlyList<string> b, out string error)
    {
        error = "";
        if (a.Count != b.Count)
        {
            error = $"len({GoQuoteList(a)}) != len({GoQuoteList(b)})";
            return false;
        }
        var sa = a.OrderBy(u => u, StringComparer.Ordinal).ToArray();
        var sb = b.OrderBy(u => u, StringComparer.Ordinal).ToArray();
        var ra = sa.Select(Resolve).OrderBy(u => u, StringComparer.Ordinal).ToArray();
        var rb = sb.Select(Resolve).OrderBy(u => u, StringComparer.Ordinal).ToArray();
        for (var i = 0; i < ra.Length; i++)
        {
            if (ra[i] == rb[i]) continue;
            error = $"\"{ra[i]}\"(resolved from \"{sa[i]}\") != \"{rb[i]}\"(resolved from \"{sb[i]}\")";
            return false;
        }
        return true;
    }

    private static string GoQuoteList(IEnumerable<string> items) => "[" + string.Join(" ", items.Select(i => $"\"{i}\"")) + "]";

    /// <summary>
    /// pkg/types.NewURLs: each URL (trimmed) must parse, have the scheme http, https, unix or unixs,
    /// a <c>host:port</c> and no path. Returns etcd's error for the first that does not, or null;
    /// <paramref name="normalized"/> gets the URLs as etcd keeps them (scheme in lower case, sorted).
    /// </summary>
    public static string? Check(IReadOnlyList<string> urls, out IReadOnlyList<string> normalized)
    {
        normalized = [];
        if (urls.Count == 0) return "no valid URLs given";
        var all = new List<string>(urls.Count);
        foreach (var raw in urls)
        {
            var url = raw.Trim();
            if (Parse(url, out var scheme, out var host, out var path, out var text) is { } error) return error;
            if (scheme is not ("http" or "https" or "unix" or "unixs")) return $"URL scheme must be http, https, unix, or unixs: {url}";
            if (!SplitHostPort(host, out _)) return $"URL address does not have the form \"host:port\": {url}";
            if (path.Length > 0) return $"URL must not contain a path: {url}";
            all.Add(text);
        }
        all.Sort(StringComparer.Ordinal);
        normalized = all;
        return null;
    }

    /// <summary>
    /// Go's <c>url.Parse</c>, reduced to what etcd looks at: the scheme (lower case), the host (with
    /// its port), the unescaped path, and the URL as <c>URL.String()</c> prints it. Returns Go's error
    /// (<c>parse "127.0.1.1:2380": first path segment in URL cannot contain colon</c>) or null.
    /// </summary>
    public static string? Parse(string raw, out string scheme, out string host, out string path, out string text)
    {
        scheme = host = path = "";
        text = raw;
        var hash = raw.IndexOf('#');
        var error = ParseCore(hash >= 0 ? raw[..hash] : raw, ref scheme, ref host, ref path)
            ?? (hash >= 0 ? Unescape(raw[(hash + 1)..], inHost: false) : null);
        if (error is not null) return $"parse {GoQuote(raw)}: {error}";
        // url.String() writes the scheme in lower case and the rest as given for the URLs etcd accepts.
        var colon = raw.IndexOf(':');
        if (scheme.Length > 0 && colon == scheme.Length) text = scheme + raw[colon..];
        return null;
    }

    private static string? ParseCore(string raw, ref string scheme, ref string host, ref string path)
    {
        if (raw.Any(c => c < 0x20 || c == 0x7f)) return "net/url: invalid control character in URL";
        var rest = raw;
        if (rest == "*")
        {
            path = "*";
            return null;
        }

        // getScheme: letters, then digits + - . after the first; a ':' ends it.
        for (var i = 0; i < rest.Length; i++)
        {
            var c = rest[i];
            if (char.IsAsciiLetter(c)) continue;
            if (char.IsAsciiDigit(c) || c is '+' or '-' or '.')
            {
                if (i == 0) break;
                continue;
            }
            if (c == ':')
            {
                if (i == 0) return "missing protocol scheme";
                scheme = rest[..i].ToLowerInvariant();
                rest = rest[(i + 1)..];
            }
            break;
        }

        if (rest.EndsWith('?') && rest.Count(c => c == '?') == 1) rest = rest[..^1];
        else if (rest.IndexOf('?') is var q and >= 0) rest = rest[..q];

        if (!rest.StartsWith('/'))
        {
            if (scheme.Length > 0) return null; // opaque: scheme:rest, no host and no path
            var slash = rest.IndexOf('/');
            if ((slash >= 0 ? rest[..slash] : rest).Contains(':')) return "first path segment in URL cannot contain colon";
        }
        if ((scheme.Length > 0 || !rest.StartsWith("///", StringComparison.Ordinal)) && rest.StartsWith("//", StringComparison.Ordinal))
        {
            var authority = rest[2..];
            rest = "";
            if (authority.IndexOf('/') is var slash and >= 0) (authority, rest) = (authority[..slash], authority[slash..]);
            if (ParseAuthority(authority, out host) is { } authorityError) return authorityError;
        }
        if (Unescape(rest, inHost: false) is { } pathError) return pathError;
        path = rest;
        return null;
    }

    private static string? ParseAuthority(string authority, out string host)
    {
        host = authority;
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            if (!authority[..at].All(c => char.IsAsciiLetterOrDigit(c) || "-._:~!$&'()*+,;=%@".Contains(c))) return "net/url: invalid userinfo";
            host = authority[(at + 1)..];
        }
        if (host.StartsWith('['))
        {
            var close = host.LastIndexOf(']');
            if (close < 0) return "missing ']' in host";
            if (!ValidOptionalPort(host[(close + 1)..])) return $"invalid port {GoQuote(host[(close + 1)..])} after host";
        }
        else if (host.LastIndexOf(':') is var colon and >= 0 && !ValidOptionalPort(host[colon..]))
        {
            return $"invalid port {GoQuote(host[colon..])} after host";
        }
        return Unescape(host, inHost: true);
    }

    private static bool ValidOptionalPort(string port) => port.Length == 0 || (port[0] == ':' && port[1..].All(char.IsAsciiDigit));

    /// <summary>net/url's unescape check: every % starts a two-digit hex escape; a host holds only the
    /// characters RFC 3986 allows there.</summary>
    private static string? Unescape(string s, bool inHost)
    {
        for (var i = 0; i < s.Length;)
        {
            var c = s[i];
            if (c == '%')
            {
                if (i + 2 >= s.Length || !char.IsAsciiHexDigit(s[i + 1]) || !char.IsAsciiHexDigit(s[i + 2]))
                    return $"invalid URL escape {GoQuote(s[i..Math.Min(s.Length, i + 3)])}";
                // A host may escape only non-ASCII bytes (and %25, the zone separator).
                if (inHost && Convert.ToInt32(s[i + 1].ToString(), 16) < 8 && s.Substring(i, 3) != "%25")
                    return $"invalid URL escape {GoQuote(s.Substring(i, 3))}";
                i += 3;
                continue;
            }
            if (inHost && c < 0x80 && !char.IsAsciiLetterOrDigit(c) && !"-_.~!$&'()*+,;=:[]<>\"".Contains(c))
                return $"invalid character {GoQuote(c.ToString())} in host name";
            i++;
        }
        return null;
    }

    /// <summary>net.SplitHostPort: true when <paramref name="hostport"/> is <c>host:port</c> or <c>[host]:port</c>.</summary>
    public static bool SplitHostPort(string hostport, out string host)
    {
        host = "";
        var colon = hostport.LastIndexOf(':');
        if (colon < 0) return false;
        int j = 0, k = 0;
        if (hostport[0] == '[')
        {
            var end = hostport.IndexOf(']');
            if (end < 0 || end + 1 != colon) return false;
            host = hostport[1..end];
            (j, k) = (1, end + 1);
        }
        else
        {
            host = hostport[..colon];
            if (host.Contains(':')) return false;
        }
        return hostport.IndexOf('[', j) < 0 && hostport.IndexOf(']', k) < 0;
    }

    /// <summary>net.ParseIP succeeds: dotted decimal IPv4 (no leading zeros) or IPv6.</summary>
    public static bool IsIp(string host)
    {
        if (host.Contains(':')) return IPAddress.TryParse(host, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6;
        var parts = host.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit)
            && (p.Length == 1 || p[0] != '0') && int.Parse(p, CultureInfo.InvariantCulture) <= 255);
    }

    /// <summary>Go's <c>%q</c> of a string: double quotes, with backslash escapes for quotes,
    /// backslashes and control characters.</summary>
    public static string GoQuote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ when c < 0x20 || c == 0x7f => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }
        return sb.Append('"').ToString();
    }
}
