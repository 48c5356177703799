using EtcdLab.Fuzz.Judging;

namespace EtcdLab.Testing;

/// <summary>
/// A failure a team knows about and has not fixed yet: a run that fails only this way counts as
/// passing, so the property keeps guarding everything else. Remove it once the runbook is fixed; a
/// known weakness that no schedule hits any more is harmless but says nothing.
/// </summary>
/// <param name="Broken">What breaks: an invariant id, or <see cref="RunJudgement.ProcedureIncomplete"/>.</param>
/// <param name="Step">The step where it breaks; null for any step.</param>
/// <param name="Why">Why it is accepted for now, for the reader of the test.</param>
public sealed record KnownWeakness(string Broken, int? Step, string Why)
{
    /// <summary>True when every thing <paramref name="judgement"/> found broken is one of <paramref name="known"/>.</summary>
    public static bool Covers(IReadOnlyList<KnownWeakness> known, RunJudgement judgement) =>
        known.Count > 0 && judgement.Broken.All(id => known.Any(k => k.Broken == id && (k.Step is null || k.Step == judgement.StepOf(id))));
}
