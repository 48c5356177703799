namespace EtcdLab.Fuzz.Judging;

/// <summary>What one run under a fault schedule showed, as a fuzzer needs it.</summary>
/// <param name="Failed">True when a promised invariant broke, a step missed its expectation (the procedure
/// did not complete), or the run aborted.</param>
/// <param name="WithinTolerance">True when no fault took out more voting members than the cluster tolerated
/// while it was in force: a failure then is the runbook's ("breaks within the failures it should tolerate");
/// otherwise it is beyond tolerance.</param>
/// <param name="Broken">What failed: the ids of the promised invariants that broke, <see cref="ProcedureIncomplete"/>
/// when a step missed its expectation, <see cref="Aborted"/> when the run did not finish.</param>
/// <param name="Why">The first reason in an operator's words (a violation's message, the failed step), null when it passed.</param>
/// <param name="Steps">For each of <see cref="Broken"/>, the step where it first broke (the failed step, the first violation's step).</param>
public sealed record RunJudgement(bool Failed, bool WithinTolerance, IReadOnlyList<string> Broken, string? Why, IReadOnlyList<int>? Steps = null)
{
    /// <summary>The step where <paramref name="broken"/> first broke, or null when it did not (or the judge does not say).</summary>
    public int? StepOf(string broken)
    {
        var i = Broken.ToList().IndexOf(broken);
        return i >= 0 && Steps is { } steps && i < steps.Count ? steps[i] : null;
    }

    /// <summary>What <see cref="Broken"/> holds when a step missed its expectation: the procedure did not complete.</summary>
    public const string ProcedureIncomplete = "procedure-completes";

    /// <summary>What <see cref="Broken"/> holds when the run aborted (a bug in the simulator or the harness).</summary>
    public const string Aborted = "run-aborted";

    /// <summary>What failed, in one word or a few: <c>quorum-kept, final-membership</c>.</summary>
    public string BrokenText => Broken.Count == 0 ? "nothing" : string.Join(", ", Broken);

    /// <summary>Within or beyond tolerance, in the words reports use.</summary>
    public string ToleranceText => WithinTolerance ? "within tolerance" : "beyond tolerance";

    /// <inheritdoc />
    public bool Equals(RunJudgement? other) =>
        other is not null && Failed == other.Failed && WithinTolerance == other.WithinTolerance && Broken.SequenceEqual(other.Broken) && Why == other.Why
        && (Steps ?? []).SequenceEqual(other.Steps ?? []);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Failed, WithinTolerance, Broken.Count);
}
