using EtcdLab.Fuzz.Running;

namespace EtcdLab.Fuzz.Exhaustive;

/// <summary>What one fault at one step did: the run's result, and whether the fault struck at all.</summary>
/// <param name="Step">The step the fault struck right before.</param>
/// <param name="Column">The fault.</param>
/// <param name="Result">The judged run.</param>
/// <param name="Struck">False when the fault did nothing (its host did not run, no host had its role).</param>
public sealed record FaultMapCell(int Step, FaultColumn Column, CaseResult Result, bool Struck)
{
    /// <summary>The cell in a word or two: <c>ok</c>, <c>-</c> (did nothing), <c>✗ quorum-kept</c> (broke within tolerance),
    /// <c>(✗ quorum-kept)</c> (broke beyond tolerance), <c>(ok)</c> (survived beyond tolerance).</summary>
    public string Text
    {
        get
        {
            var j = Result.Judgement;
            if (!Struck && !j.Failed) return "-";
            var what = j.Failed ? "✗ " + (j.Broken.Count > 1 ? $"{j.Broken[0]} +{j.Broken.Count - 1}" : j.Broken[0]) : "ok";
            return j.WithinTolerance ? what : $"({what})";
        }
    }
}
