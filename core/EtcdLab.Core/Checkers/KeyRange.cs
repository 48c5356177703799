namespace EtcdLab.Core.Checkers;

/// <summary>Keys that differ only in a counter at their end, consecutive, and acknowledged during one step:
/// <c>/etcdlab/app-000012..000019</c>. A key without such a counter is a range of one.</summary>
/// <param name="First">The first key.</param>
/// <param name="Last">The last key (the same as <paramref name="First"/> for a single key).</param>
/// <param name="Count">How many keys the range holds.</param>
/// <param name="Step">The step during which etcd acknowledged them.</param>
public sealed record KeyRange(string First, string Last, int Count, int Step)
{
    /// <summary>How many writes the ranges hold together.</summary>
    public static int Total(IEnumerable<KeyRange> ranges) => ranges.Sum(r => r.Count);

    /// <summary>Groups <paramref name="keys"/> into ranges: per step, in step order, then by key, joining keys
    /// whose trailing counters follow each other with the same text before them and the same width.</summary>
    public static IReadOnlyList<KeyRange> Of(IEnumerable<(string Key, int Step)> keys)
    {
        var ranges = new List<KeyRange>();
        foreach (var step in keys.Distinct().GroupBy(k => k.Step).OrderBy(g => g.Key))
        {
            var parsed = step.Select(k => Counter(k.Key)).OrderBy(c => c.Stem, StringComparer.Ordinal)
                .ThenBy(c => c.Digits.Length).ThenBy(c => c.Number).ThenBy(c => c.Key, StringComparer.Ordinal).ToArray();
            var start = 0;
            for (var i = 1; i <= parsed.Length; i++)
            {
                if (i < parsed.Length && Follows(parsed[i - 1], parsed[i])) continue;
                ranges.Add(new KeyRange(parsed[start].Key, parsed[i - 1].Key, i - start, step.Key));
                start = i;
            }
        }
        return ranges;
    }

    /// <summary><c>/etcdlab/app-000012..000019</c>, or the key alone for a range of one.</summary>
    public override string ToString()
    {
        if (Count == 1) return First;
        var digits = Counter(Last).Digits;
        return $"{First}..{digits}";
    }

    private static bool Follows((string Key, string Stem, string Digits, long Number) a, (string Key, string Stem, string Digits, long Number) b) =>
        a.Digits.Length > 0 && b.Digits.Length == a.Digits.Length && b.Stem == a.Stem && b.Number == a.Number + 1;

    /// <summary>The key split into the text before its trailing counter and the counter (empty when it has none
    /// or the counter does not fit a long).</summary>
    private static (string Key, string Stem, string Digits, long Number) Counter(string key)
    {
        var end = key.Length;
        while (end > 0 && char.IsAsciiDigit(key[end - 1])) end--;
        var digits = key[end..];
        return digits.Length is > 0 and <= 18 ? (key, key[..end], digits, long.Parse(digits, System.Globalization.CultureInfo.InvariantCulture)) : (key, key, "", 0);
    }
}
