using EtcdLab.Fuzz.Profiles;

namespace EtcdLab.Cli.Commands;

/// <summary>What <c>etcdlab fuzz</c> was asked to do.</summary>
/// <param name="Runs">Schedules per scenario.</param>
/// <param name="Seed">Seed of the session.</param>
/// <param name="Profile">Fault profile.</param>
/// <param name="Jobs">Runs at a time.</param>
/// <param name="TimeLimit">Wall time after which no schedule starts, per scenario; null for none.</param>
/// <param name="ConfirmRuns">Docker runs of each minimal schedule; null for none.</param>
/// <param name="KeepGoing">Run every schedule and shrink each kind of failure.</param>
/// <param name="Reports">The --reports folder.</param>
/// <param name="Store">The --store kind.</param>
/// <param name="Pg">The --pg connection string.</param>
public sealed record FuzzRequest(
    int Runs, ulong Seed, FaultProfile Profile, int Jobs, TimeSpan? TimeLimit, int? ConfirmRuns, bool KeepGoing, string Reports, string Store, string? Pg);
