namespace EtcdLab.Fuzz.Exhaustive;

/// <summary>What running every pair of single faults showed.</summary>
/// <param name="Runs">Pairs run.</param>
/// <param name="Failed">Pairs whose run failed (counted as a finding under the profile).</param>
/// <param name="FailedAlone">Of those, pairs where one of the two faults already fails the run alone.</param>
/// <param name="Discarded">Pairs that went beyond tolerance under a profile that allows nothing beyond it.</param>
/// <param name="Together">Pairs that fail only together, in step order.</param>
public sealed record PairReport(long Runs, long Failed, long FailedAlone, long Discarded, IReadOnlyList<PairFinding> Together);
