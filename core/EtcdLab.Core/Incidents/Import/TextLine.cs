namespace EtcdLab.Core.Incidents.Import;

/// <summary>A line no parser recognised (prose, a script's output, a daemon's message). The draft keeps
/// it as a comment near its place.</summary>
/// <param name="Raw">The line as written.</param>
/// <param name="Prefix">Its wrapper.</param>
/// <param name="Time">A time the wrapper gave it, if whole.</param>
public sealed record TextLine(RawLine Raw, LinePrefix Prefix, DateTime? Time) : ImportedLine(Raw, Prefix, Time)
{
    /// <summary>True for an empty or blank line: nothing to keep.</summary>
    public bool IsBlank => string.IsNullOrWhiteSpace(Raw.Text) || string.IsNullOrWhiteSpace(Prefix.Rest);
}
