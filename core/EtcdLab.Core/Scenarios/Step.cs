namespace EtcdLab.Core.Scenarios;

/// <summary>One step of a procedure. Each kind of step is its own record.</summary>
public abstract record Step
{
    /// <summary>Step number, from 1 in file order.</summary>
    public int Index { get; init; }

    /// <summary>Line of the step in the scenario file.</summary>
    public int Line { get; init; }

    /// <summary>Column of the step in the scenario file.</summary>
    public int Column { get; init; }

    /// <summary>Optional id other parts of the file refer to (windows of promises).</summary>
    public string? Id { get; init; }

    /// <summary>Optional note: why the operator does this, in the runbook's words.</summary>
    public string? Note { get; init; }

    /// <summary>The step in one line, as reports show it.</summary>
    public abstract string Describe();
}
