using EtcdLab.Core.Scenarios;
using EtcdLab.Fuzz.Profiles;

namespace EtcdLab.Fuzz.Engine;

/// <summary>What a fuzz session of one scenario found.</summary>
/// <param name="Scenario">The scenario.</param>
/// <param name="Profile">The profile (a swarm's space in swarm mode).</param>
/// <param name="Seed">The session's seed.</param>
/// <param name="Runs">Runs finished.</param>
/// <param name="Passed">Runs that passed.</param>
/// <param name="Failed">Runs that failed.</param>
/// <param name="Discarded">Runs beyond tolerance under a profile that allows nothing beyond it.</param>
/// <param name="Wall">Wall time of the search (shrinking excluded).</param>
/// <param name="Findings">Each distinct failure, shrunk, in the order found.</param>
public sealed record FuzzReport(Scenario Scenario, FaultProfile Profile, ulong Seed, long Runs, long Passed, long Failed, long Discarded, TimeSpan Wall, IReadOnlyList<Finding> Findings)
{
    /// <summary>Runs per minute of wall time.</summary>
    public double RunsPerMinute => Wall > TimeSpan.Zero ? Runs / Wall.TotalMinutes : 0;
}
