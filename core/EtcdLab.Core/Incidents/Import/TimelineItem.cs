namespace EtcdLab.Core.Incidents.Import;

/// <summary>A place in the drafted timeline: comments (kept raw lines, provenance) and, unless it is only
/// comments, the entry they precede.</summary>
/// <param name="Comments">Comment lines, without the <c># </c>.</param>
/// <param name="Entry">The entry, or null for comments alone.</param>
public sealed record TimelineItem(IReadOnlyList<string> Comments, DraftEntry? Entry);
