using EtcdLab.Fuzz.Generation;
using EtcdLab.Fuzz.Judging;
using EtcdLab.Fuzz.Shrinking;

namespace EtcdLab.Fuzz.Engine;

/// <summary>A failure a fuzz session found, and its shrunk form.</summary>
/// <param name="Index">The case number it was found at.</param>
/// <param name="Found">The case as found.</param>
/// <param name="Judgement">What its run showed.</param>
/// <param name="Shrunk">The shrinking: the minimal case, shrinks, runs and time.</param>
/// <param name="MinimalJudgement">What the minimal case's run shows.</param>
/// <param name="Occurrences">How many runs of the session failed the same way (same broken invariants, same tolerance).</param>
public sealed record Finding(long Index, FuzzCase Found, RunJudgement Judgement, ShrinkResult Shrunk, RunJudgement MinimalJudgement, int Occurrences)
{
    /// <summary>The minimal case.</summary>
    public FuzzCase Minimal => Shrunk.Minimal;
}
