namespace EtcdLab.Core.Incidents.Import;

/// <summary>A line of a Go stack trace (<c>goroutine N [running]:</c>, a frame, its <c>file:line +0x..</c>).</summary>
/// <param name="Raw">The line as written.</param>
/// <param name="Prefix">Its wrapper.</param>
public sealed record TraceLine(RawLine Raw, LinePrefix Prefix) : ImportedLine(Raw, Prefix, null);
