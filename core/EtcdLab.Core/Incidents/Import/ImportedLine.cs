namespace EtcdLab.Core.Incidents.Import;

/// <summary>
/// A raw line as a parser read it: the line itself (kept whole), its wrapper (host, process, prompt),
/// and its time when the line carries a whole one. Subtypes say what the line is.
/// </summary>
/// <param name="Raw">The line as written, with its file and number.</param>
/// <param name="Prefix">The wrapper around the content (journald, prompt, editor line number), or none.</param>
/// <param name="Time">The time the line carries, as its own clock wrote it (no zone); null when it has none or only part of one.</param>
public abstract record ImportedLine(RawLine Raw, LinePrefix Prefix, DateTime? Time)
{
    /// <summary>The host the wrapper names (journald host, shell prompt), if any.</summary>
    public string? Host => Prefix.Host;
}
