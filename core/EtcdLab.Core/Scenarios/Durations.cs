using System.Globalization;
using System.Text.RegularExpressions;

namespace EtcdLab.Core.Scenarios;

/// <summary>Durations as scenario files and etcdctl write them: <c>50ms</c>, <c>5s</c>, <c>1m</c>, <c>1.5s</c>.</summary>
public static partial class Durations
{
    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)(?<unit>ms|s|m)$")]
    private static partial Regex Pattern();

    /// <summary>Parses a duration; false when the text is not one.</summary>
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        var match = Pattern().Match(text.Trim());
        if (!match.Success) return false;
        var n = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        duration = match.Groups["unit"].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(n),
            "s" => TimeSpan.FromSeconds(n),
            _ => TimeSpan.FromMinutes(n),
        };
        return true;
    }

    /// <summary>A duration in the shortest of these forms.</summary>
    public static string Format(TimeSpan d) =>
        d.TotalMilliseconds < 1000
            ? d.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms"
            : d.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
}
