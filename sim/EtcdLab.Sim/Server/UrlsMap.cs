namespace EtcdLab.Sim.Server;

/// <summary>etcd's types.URLsMap: <c>--initial-cluster</c> parsed into name → peer URLs.</summary>
internal sealed class UrlsMap
{
    private readonly SortedDictionary<string, List<string>> _map = new(StringComparer.Ordinal);

    /// <summary>
    /// types.NewURLsMap: comma-separated <c>name=url</c> pairs; empty items are skipped, an item
    /// without <c>=</c> is a name with the empty URL, and every name's URLs must pass
    /// <see cref="Urls.Check"/>. Returns etcd's error (for <c>m4</c>: <c>URL scheme must be http,
    /// https, unix, or unixs: </c>, the empty URL's), or null.
    /// </summary>
    /// <remarks>Names are not trimmed (<c>m1=..., m2=...</c> names a member " m2", as etcd does); URLs are.
    /// etcd checks the names in Go's random map order; this checks them in the order they appear.</remarks>
    public static string? TryParse(string text, out UrlsMap map)
    {
        var raw = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var item in text.Split(','))
        {
            if (item.Length == 0) continue;
            var eq = item.IndexOf('=');
            var (name, url) = eq >= 0 ? (item[..eq], item[(eq + 1)..]) : (item, "");
            if (!raw.TryGetValue(name, out var urls))
            {
                raw[name] = urls = [];
                order.Add(name);
            }
            urls.Add(url);
        }

        map = new UrlsMap();
        foreach (var name in order)
        {
            if (Urls.Check(raw[name], out var urls) is { } error) return error;
            map._map[name] = urls.ToList();
        }
        return null;
    }

    /// <summary><see cref="TryParse"/> for text that was checked already (at process start).</summary>
    /// <exception cref="FormatException">The text is not a valid URLs map.</exception>
    public static UrlsMap Parse(string text) =>
        TryParse(text, out var map) is { } error ? throw new FormatException(error) : map;

    public IEnumerable<string> Names => _map.Keys;

    public IReadOnlyList<string>? this[string name] => _map.TryGetValue(name, out var urls) ? urls : null;

    public IEnumerable<string> AllUrls => _map.Values.SelectMany(u => u);

    public bool HasDuplicateUrl()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return AllUrls.Any(u => !seen.Add(u));
    }

    /// <summary>URLsMap.String(): sorted <c>name=url</c> pairs joined by commas.</summary>
    public override string ToString()
    {
        var pairs = _map.SelectMany(kv => kv.Value.Select(u => $"{kv.Key}={u}")).ToList();
        pairs.Sort(StringComparer.Ordinal);
        return string.Join(",", pairs);
    }
}
