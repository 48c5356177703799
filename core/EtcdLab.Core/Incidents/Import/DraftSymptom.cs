namespace EtcdLab.Core.Incidents.Import;

/// <summary>A drafted symptom: the last error kind seen on a host.</summary>
/// <param name="Key"><c>log</c>, <c>exit</c> or <c>error</c> (docs/incident-format.md).</param>
/// <param name="Text">The text to match, <c>*</c> for what varies.</param>
/// <param name="On">The lab host.</param>
/// <param name="After">The first timeline entry on that host that shows it.</param>
/// <param name="Kind">The kind it was drafted from.</param>
public sealed record DraftSymptom(string Key, string Text, string On, int After, LineKind Kind);
