namespace EtcdLab.Core.Incidents.Import;

/// <summary>What one typed command (or one part of <c>a &amp;&amp; b</c>) becomes in the timeline.</summary>
/// <param name="Key"><c>etcdctl</c> or <c>shell</c> for a step, <c>note</c> when no step says the same.</param>
/// <param name="Value">The step's command with the lab's hosts and addresses, or the note.</param>
/// <param name="Comment">Why it was changed or not mapped, if it was.</param>
public sealed record MappedCommand(string Key, string Value, string? Comment);
