using EtcdLab.Core.Scenarios;

namespace EtcdLab.Fuzz.Profiles;

/// <summary>A closed range of durations a profile draws from, written <c>100ms..5s</c> (or one value).</summary>
/// <param name="Min">The shortest.</param>
/// <param name="Max">The longest, at least <paramref name="Min"/>.</param>
public sealed record DurationRange(TimeSpan Min, TimeSpan Max)
{
    /// <summary>Exactly one duration.</summary>
    public static DurationRange Exactly(TimeSpan d) => new(d, d);

    /// <summary>The range as a profile file writes it.</summary>
    public override string ToString() => Min == Max ? Durations.Format(Min) : $"{Durations.Format(Min)}..{Durations.Format(Max)}";
}
