using System.Globalization;

namespace EtcdLab.Core.Etcdctl;

/// <summary>Go's formatting of the values etcdctl prints, so output matches it character for character.</summary>
public static class GoFormat
{
    /// <summary>Go's <c>%16x</c>: hex, right-aligned in 16 characters.</summary>
    public static string Hex16(ulong id) => id.ToString("x", CultureInfo.InvariantCulture).PadLeft(16);

    /// <summary>Go's <c>time.Duration.String()</c>: <c>2.570076ms</c>, <c>1.5s</c>, <c>1m2s</c>.</summary>
    public static string Duration(TimeSpan d)
    {
        var ns = d.Ticks * 100;
        if (ns == 0) return "0s";
        var negative = ns < 0;
        var u = (ulong)Math.Abs(ns);
        string text;
        if (u < 1_000) text = u + "ns";
        else if (u < 1_000_000) text = Fraction(u, 3) + "µs";
        else if (u < 1_000_000_000) text = Fraction(u, 6) + "ms";
        else
        {
            var seconds = Fraction(u % 60_000_000_000, 9) + "s";
            var minutes = u / 60_000_000_000;
            text = minutes == 0 ? seconds : minutes < 60 ? $"{minutes}m{seconds}" : $"{minutes / 60}h{minutes % 60}m{seconds}";
        }
        return negative ? "-" + text : text;
    }

    private static string Fraction(ulong value, int decimals)
    {
        var scale = (ulong)Math.Pow(10, decimals);
        var whole = value / scale;
        var frac = (value % scale).ToString(CultureInfo.InvariantCulture).PadLeft(decimals, '0').TrimEnd('0');
        return frac.Length == 0 ? whole.ToString(CultureInfo.InvariantCulture) : $"{whole}.{frac}";
    }

    /// <summary>go-humanize's <c>Bytes</c> (SI units), as etcdctl prints db sizes: <c>20 kB</c>.</summary>
    public static string HumanBytes(long size)
    {
        if (size < 10) return $"{size} B";
        string[] units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];
        var e = Math.Floor(Math.Log(size) / Math.Log(1000));
        var val = Math.Floor(size / Math.Pow(1000, e) * 10 + 0.5) / 10;
        var format = val < 10 ? "F1" : "F0";
        return Math.Round(val, val < 10 ? 1 : 0, MidpointRounding.ToEven).ToString(format, CultureInfo.InvariantCulture) + " " + units[(int)e];
    }

    /// <summary>Go's <c>%q</c> for plain ASCII text: the text in double quotes, with quotes and backslashes escaped.</summary>
    public static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
