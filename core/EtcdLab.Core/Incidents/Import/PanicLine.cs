namespace EtcdLab.Core.Incidents.Import;

/// <summary>A Go <c>panic:</c> line: the process ended with this message.</summary>
/// <param name="Raw">The line as written.</param>
/// <param name="Prefix">Its wrapper.</param>
/// <param name="Message">The text after <c>panic: </c>.</param>
public sealed record PanicLine(RawLine Raw, LinePrefix Prefix, string Message) : ImportedLine(Raw, Prefix, null);
