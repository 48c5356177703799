namespace EtcdLab.Core.Incidents.Import;

/// <summary>One timeline entry of the draft, in the form docs/incident-format.md gives it.</summary>
/// <param name="Number">Its number in the timeline, from 1 (what a symptom's <c>after:</c> counts).</param>
/// <param name="At">Absolute time as the source wrote it (<c>2019-11-21 10:13:52.675047</c>) or <c>+0s</c> when it has none.</param>
/// <param name="Key">What it is: a step key (<c>etcdctl</c>, <c>shell</c>), <c>log</c>, <c>output</c> or <c>note</c>.</param>
/// <param name="Value">The step, the logged text, the output, or the note.</param>
/// <param name="Host">The lab host it happened on (<c>on:</c> of a step, <c>host:</c> of an observation); null when unknown.</param>
/// <param name="Of">For an output: what printed it.</param>
/// <param name="Kind">For a recognised line: its kind.</param>
/// <param name="Lines">The raw lines it came from.</param>
/// <param name="IsError">True when it shows an error a symptom may be drafted from.</param>
/// <param name="SymptomKey">For an error: <c>log</c>, <c>exit</c> (the process ended with it) or <c>error</c> (a client's answer).</param>
public sealed record DraftEntry(int Number, string At, string Key, string Value, string? Host, string? Of, LineKind? Kind,
    IReadOnlyList<RawLine> Lines, bool IsError, string? SymptomKey)
{
    /// <summary>True for an operator action (a scenario step), false for an observation or note.</summary>
    public bool IsStep => Key is not ("log" or "output" or "note");
}
