namespace EtcdLab.Core.Incidents.Import;

/// <summary>A raw file read line by line: every line (blank ones too) as a typed <see cref="ImportedLine"/>, in file order.</summary>
/// <param name="Name">The file as the draft names it.</param>
/// <param name="Source">The URL (and what follows) of its <c># source:</c> header, if it has one.</param>
/// <param name="Lines">Every line, in order.</param>
public sealed record RawFile(string Name, string? Source, IReadOnlyList<ImportedLine> Lines)
{
    /// <summary>True when at least one line carries a whole time.</summary>
    public bool HasTimes => Lines.Any(l => l.Time is not null);

    /// <summary>True when the file holds commands an operator typed.</summary>
    public bool HasCommands => Lines.Any(l => l is ShellCommand);
}
