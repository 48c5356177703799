using EtcdLab.Fuzz.Generation;

namespace EtcdLab.Fuzz.Shrinking;

/// <summary>What shrinking a failing case gave.</summary>
/// <param name="Minimal">The smallest case that still fails (the original when nothing smaller does).</param>
/// <param name="Shrinks">How many times a smaller failing case was found (FsCheck's shrink count).</param>
/// <param name="Runs">How many runs shrinking took, the original included.</param>
/// <param name="Wall">Wall time shrinking took.</param>
/// <param name="Reproduced">False when the original case did not fail again (then nothing was shrunk).</param>
public sealed record ShrinkResult(FuzzCase Minimal, int Shrinks, int Runs, TimeSpan Wall, bool Reproduced);
