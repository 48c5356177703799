using System.Globalization;

namespace EtcdLab.Fuzz.Profiles;

/// <summary>A closed range of shares (packet loss rates) a profile draws from, written <c>10%..50%</c>.</summary>
/// <param name="Min">The lowest share, in (0, 1].</param>
/// <param name="Max">The highest share, in [Min, 1].</param>
public sealed record ShareRange(double Min, double Max)
{
    /// <summary>The range as a profile file writes it.</summary>
    public override string ToString() => Min == Max ? Percent(Min) : $"{Percent(Min)}..{Percent(Max)}";

    /// <summary>A share as a percentage: <c>30%</c>.</summary>
    public static string Percent(double share) => (share * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
