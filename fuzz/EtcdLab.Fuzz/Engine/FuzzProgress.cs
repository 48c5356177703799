namespace EtcdLab.Fuzz.Engine;

/// <summary>Where a fuzz session is, for a live display.</summary>
/// <param name="Scenario">The scenario being fuzzed.</param>
/// <param name="Done">Runs finished.</param>
/// <param name="Total">Runs asked for.</param>
/// <param name="Failed">Runs that failed (findings before shrinking).</param>
/// <param name="Discarded">Runs that went beyond tolerance under a profile that allows nothing beyond it.</param>
/// <param name="Elapsed">Wall time since the session began.</param>
/// <param name="Shrinking">The case being shrunk, in words, with the shrink count; null while searching.</param>
public sealed record FuzzProgress(string Scenario, long Done, long Total, long Failed, long Discarded, TimeSpan Elapsed, string? Shrinking)
{
    /// <summary>Runs per wall second so far.</summary>
    public double RunsPerSecond => Elapsed > TimeSpan.Zero ? Done / Elapsed.TotalSeconds : 0;
}
