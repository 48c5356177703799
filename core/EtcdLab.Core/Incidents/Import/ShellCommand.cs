namespace EtcdLab.Core.Incidents.Import;

/// <summary>A command an operator typed.</summary>
/// <param name="Raw">The line as written.</param>
/// <param name="Prefix">Its wrapper (the prompt names the host it was typed on).</param>
/// <param name="Time">When it was typed, if the history says.</param>
/// <param name="Command">The command as typed, without prompt or history number.</param>
/// <param name="Style">How it was written down.</param>
public sealed record ShellCommand(RawLine Raw, LinePrefix Prefix, DateTime? Time, string Command, HistoryStyle Style)
    : ImportedLine(Raw, Prefix, Time);
