namespace EtcdLab.Sim.Server;

/// <summary>The parts of http URLs that routing and etcd's checks look at.</summary>
internal static class Urls
{
    /// <summary>The host part of <c>http://host:port</c>.</summary>
    public static string Host(string url)
    {
        var rest = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        var slash = rest.IndexOf('/');
        if (slash >= 0) rest = rest[..slash];
        var colon = rest.LastIndexOf(':');
        return colon >= 0 ? rest[..colon] : rest;
    }

    /// <summary>The port of <c>http://host:port</c>, 0 when there is none.</summary>
    public static int Port(string url)
    {
        var rest = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        var slash = rest.IndexOf('/');
        if (slash >= 0) rest = rest[..slash];
        var colon = rest.LastIndexOf(':');
        return colon >= 0 && int.TryParse(rest[(colon + 1)..], out var p) ? p : 0;
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
}
