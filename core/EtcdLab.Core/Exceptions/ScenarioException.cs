namespace EtcdLab.Core.Exceptions;

/// <summary>A mistake in a scenario file, located by file, line and column.</summary>
public sealed class ScenarioException : EtcdLabException
{
    /// <summary>Creates an error at a position in a scenario file.</summary>
    /// <param name="file">Path of the scenario file.</param>
    /// <param name="line">1-based line.</param>
    /// <param name="column">1-based column.</param>
    /// <param name="problem">What is wrong and what was expected.</param>
    public ScenarioException(string file, int line, int column, string problem)
        : base($"{file}:{line}:{column}: {problem}")
    {
        File = file;
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <summary>Path of the scenario file.</summary>
    public string File { get; }

    /// <summary>1-based line of the mistake.</summary>
    public int Line { get; }

    /// <summary>1-based column of the mistake.</summary>
    public int Column { get; }

    /// <summary>What is wrong, without the position.</summary>
    public string Problem { get; }

    /// <inheritdoc />
    public override bool IsInputError => true;
}
