using EtcdLab.Fuzz.Engine;

namespace EtcdLab.Fuzz.Benchmarks;

/// <summary>How long the fuzzer took to find and shrink the planted weakness.</summary>
/// <param name="Report">The fuzz session (its finding holds the shrink figures).</param>
/// <param name="Wall">Wall time of the whole session: fault-free run, search and shrinking.</param>
/// <param name="ShrankToTheWeakness">True when the minimal schedule is the planted fault alone.</param>
public sealed record ShrinkMeasurement(FuzzReport Report, TimeSpan Wall, bool ShrankToTheWeakness);
