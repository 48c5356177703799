using System.Globalization;
using System.Text.RegularExpressions;

namespace EtcdLab.Core.Scenarios;

/// <summary>Durations as scenario files and etcdctl write them: <c>50ms</c>, <c>5s</c>, <c>1m</c>, <c>1.5s</c>, <c>1h</c>.</summary>
public static partial class Durations
{
    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)(?<unit>ms|s|m|h)$")]
    private static partial Regex Pattern();

    /// <summary>Parses a duration; false when the text is not one, or one longer than a
    /// <see cref="TimeSpan"/> holds (a hundred-digit number of seconds is not a duration either).</summary>
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        var match = Pattern().Match(text.Trim());
        if (!match.Success) return false;
        var n = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        var milliseconds = n * match.Groups["unit"].Value switch
        {
            "ms" => 1.0,
            "s" => 1_000.0,
            "m" => 60_000.0,
            _ => 3_600_000.0,
        };
        // TimeSpan.FromMilliseconds throws OverflowException past TimeSpan.MaxValue; say "not a duration" instead.
        if (!double.IsFinite(milliseconds) || milliseconds >= TimeSpan.MaxValue.TotalMilliseconds / 2) return false;
        duration = TimeSpan.FromMilliseconds(milliseconds);
        return true;
    }

    /// <summary>A duration in the shortest of these forms.</summary>
    public static string Format(TimeSpan d) =>
        d.TotalMilliseconds < 1000
            ? d.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms"
            : d.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
}
