namespace EtcdLab.Fuzz.Generation;

/// <summary>
/// How many more voting members a cluster could lose at each moment of a fault-free run of the
/// scenario (running voters minus the quorum; negative when it has no quorum, which tolerates
/// nothing more). Generators use it to keep schedules within tolerance before they run them.
/// </summary>
/// <param name="Points">(target time, voting members, slack) at every observation, in time order.</param>
public sealed record ToleranceTimeline(IReadOnlyList<(TimeSpan At, int Voters, int Slack)> Points)
{
    /// <summary>No observation: every moment tolerates anything (used when no baseline was run).</summary>
    public static ToleranceTimeline Unknown { get; } = new([]);

    /// <summary>The slack at <paramref name="at"/>: that of the last observation at or before it (the first one before any).</summary>
    public (int Voters, int Slack) At(TimeSpan at)
    {
        if (Points.Count == 0) return (int.MaxValue, int.MaxValue);
        var last = Points[0];
        foreach (var p in Points)
        {
            if (p.At > at) break;
            last = p;
        }
        return (last.Voters, last.Slack);
    }

    /// <summary>Every moment in [<paramref name="from"/>, <paramref name="to"/>] where the slack may change: <paramref name="from"/> and each observation after it.</summary>
    public IEnumerable<TimeSpan> Moments(TimeSpan from, TimeSpan to)
    {
        yield return from;
        foreach (var p in Points)
            if (p.At > from && p.At <= to) yield return p.At;
    }
}
