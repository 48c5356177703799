namespace EtcdLab.Sim.Server;

/// <summary>etcd's types.URLsMap: <c>--initial-cluster</c> parsed into name → peer URLs.</summary>
internal sealed class UrlsMap
{
    private readonly SortedDictionary<string, List<string>> _map = new(StringComparer.Ordinal);

    public static UrlsMap Parse(string text)
    {
        var map = new UrlsMap();
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0) throw new FormatException($"missing = in {pair}");
            var name = pair[..eq];
            if (!map._map.TryGetValue(name, out var urls)) map._map[name] = urls = [];
            urls.Add(pair[(eq + 1)..]);
        }
        return map;
    }

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
