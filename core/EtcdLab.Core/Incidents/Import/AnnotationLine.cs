namespace EtcdLab.Core.Incidents.Import;

/// <summary>A line the corpus's editors added (<c># source:</c>, <c># note:</c>, <c># [gap in the stored copy]</c>,
/// <c># stage ...</c>), or a <c># at: &lt;time&gt;</c> annotation that dates the lines after it.</summary>
/// <param name="Raw">The line as written.</param>
/// <param name="Key">The word before the colon (<c>source</c>, <c>note</c>, <c>at</c>), if any.</param>
/// <param name="Text">The text after <c># </c> (and after the key when there is one).</param>
public sealed record AnnotationLine(RawLine Raw, string? Key, string Text) : ImportedLine(Raw, LinePrefix.Strip(""), null);
