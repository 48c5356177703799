using System.Globalization;

namespace EtcdLab.Core.Incidents.Import;

/// <summary>
/// Joins sightings into members: keys (<c>id:</c>, <c>address:</c>, <c>name:</c>, <c>file:</c>) seen together
/// on one line belong to one member, except that two different member IDs never join (names are not unique:
/// two <c>etcd2-k8s</c> in one list are two members). Sightings with an ID are joined first, so an ID decides
/// before an address, and an address before a name.
/// </summary>
internal sealed class MemberIdentities
{
    private readonly Dictionary<string, string> parent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> idOf = new(StringComparer.Ordinal);
    private readonly List<string> order = [];
    private readonly HashSet<string> joining = new(StringComparer.Ordinal);

    /// <summary>An ID as one spelling: <c>%x</c>, <c>%16x</c> padded with spaces or zeros all read the same.</summary>
    public static string NormaliseId(string hex) =>
        ulong.TryParse(hex.Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var id) ? id.ToString("x", CultureInfo.InvariantCulture) : hex.Trim();

    public static string IdKey(string id) => "id:" + NormaliseId(id);

    public static string AddressKey(string address) => "address:" + address;

    public static string NameKey(string name) => "name:" + name;

    public static string FileKey(string file) => "file:" + file;

    /// <summary>Registers <paramref name="key"/> (first registration fixes the order members are numbered in).</summary>
    public void Add(string key)
    {
        if (parent.ContainsKey(key)) return;
        parent[key] = key;
        idOf[key] = key.StartsWith("id:", StringComparison.Ordinal) ? key : null;
        order.Add(key);
    }

    /// <summary>Joins the sets of <paramref name="a"/> and <paramref name="b"/> unless they hold different IDs.</summary>
    public bool Join(string a, string b)
    {
        Add(a);
        Add(b);
        var ra = Find(a);
        var rb = Find(b);
        if (ra == rb) return true;
        if (idOf[ra] is { } ia && idOf[rb] is { } ib && ia != ib) return false;
        // The earlier-registered root stays the root, so numbering follows first appearance.
        if (order.IndexOf(rb) < order.IndexOf(ra)) (ra, rb) = (rb, ra);
        parent[rb] = ra;
        idOf[ra] ??= idOf[rb];
        return true;
    }

    /// <summary>Registers a sighting's keys and joins them; <paramref name="self"/> is the key of the member that
    /// logged the line, for a sighting that is the logger's own.</summary>
    public void See(MemberSighting sighting, string? self)
    {
        var keys = Keys(sighting).ToList();
        foreach (var k in keys) Add(k);
        for (var i = 1; i < keys.Count; i++) Join(keys[0], keys[i]);
        if (sighting.Self && self is not null && keys.Count > 0) Join(self, keys[0]);
        if (sighting.Joining) foreach (var k in keys) joining.Add(k);
    }

    public static IEnumerable<string> Keys(MemberSighting s)
    {
        if (s.Id is { } id) yield return IdKey(id);
        if (s.Address is { } address) yield return AddressKey(address);
        if (s.Name is { } name) yield return NameKey(name);
    }

    public bool Contains(string key) => parent.ContainsKey(key);

    public string Find(string key)
    {
        var root = key;
        for (var guard = 0; parent[root] != root && guard < parent.Count; guard++) root = parent[root];
        // Path compression keeps later finds short.
        var node = key;
        for (var guard = 0; node != root && guard < parent.Count; guard++)
        {
            var next = parent[node];
            parent[node] = root;
            node = next;
        }
        return root;
    }

    /// <summary>A k3s member name is the node name and a random suffix (<c>master-03-e2ec81cc</c>): a name
    /// seen alone joins the one member whose name is it plus such a suffix.</summary>
    public void JoinSuffixedNames()
    {
        var names = order.Where(k => k.StartsWith("name:", StringComparison.Ordinal)).ToList();
        foreach (var shortName in names)
        {
            var matches = names.Where(n => n.Length == shortName.Length + 9 && n.StartsWith(shortName + "-", StringComparison.Ordinal)
                                           && n[^8..].All(char.IsAsciiHexDigitLower)).ToList();
            if (matches.Count == 1) Join(matches[0], shortName);
        }
    }

    /// <summary>Every member: its keys in first-seen order, the sets in order of their first key.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Members(IEnumerable<string> firstSeen)
    {
        var seenOrder = firstSeen.Where(parent.ContainsKey).Concat(order).Distinct(StringComparer.Ordinal).ToList();
        var groups = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var roots = new List<string>();
        foreach (var key in seenOrder)
        {
            var root = Find(key);
            if (!groups.TryGetValue(root, out var list))
            {
                groups[root] = list = [];
                roots.Add(root);
            }
            list.Add(key);
        }
        return roots.Select(r => (IReadOnlyList<string>)groups[r]).ToList();
    }

    public bool IsJoining(IEnumerable<string> keys) => keys.Any(joining.Contains);
}
