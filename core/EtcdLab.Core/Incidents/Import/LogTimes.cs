using System.Globalization;
using System.Text.RegularExpressions;

namespace EtcdLab.Core.Incidents.Import;

/// <summary>The time shapes the corpus's logs use, read as the wall clock each wrote (no zone applied):
/// capnslog's local time, zap's ISO time with <c>Z</c> or an offset, zap's epoch seconds, logrus's
/// nanosecond ISO time, bash history's <c>%F %T</c>. Different sources keep different clocks; the
/// draft orders by what each wrote.</summary>
internal static partial class LogTimes
{
    private static readonly string[] IsoShapes =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss",
    ];

    // -0500 (zap 3.5's offset without a colon) is rewritten to -05:00, which K reads.
    [GeneratedRegex(@"(?<=T\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d)(?=\d\d$)")]
    private static partial Regex OffsetWithoutColon();

    // .NET reads at most seven fraction digits; logrus writes nine.
    [GeneratedRegex(@"(?<=\.\d{7})\d+")]
    private static partial Regex ExtraFraction();

    /// <summary>An ISO-8601 or <c>yyyy-MM-dd HH:mm:ss[.f]</c> time as its writer's wall clock; null if it is no such time.</summary>
    public static DateTime? Iso(string text)
    {
        var t = ExtraFraction().Replace(OffsetWithoutColon().Replace(text.Trim(), ":"), "");
        if (DateTimeOffset.TryParseExact(t, IsoShapes, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return t.EndsWith('Z') || !HasOffset(t) ? at.UtcDateTime : at.DateTime;
        return null;
    }

    private static bool HasOffset(string t) => t.Length > 6 && t[^6] is '+' or '-' && t[^3] == ':';

    /// <summary>Unix epoch seconds (zap's float <c>ts</c>, zsh history) as UTC.</summary>
    public static DateTime Epoch(double seconds) => DateTime.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));

    /// <summary>A journald time without a year (<c>Dec 21 15:00:45</c>) in <paramref name="year"/>.</summary>
    public static DateTime? Syslog(string text, int year) =>
        DateTime.TryParseExact($"{year} {Regex.Replace(text, " +", " ")}", "yyyy MMM d HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? at
            : null;
}
