namespace EtcdLab.Core.Scenarios;

/// <summary>Stops a background writer.</summary>
/// <param name="Name">Writer name.</param>
public sealed record WriterStopStep(
    string Name) : Step
{
    /// <inheritdoc />
    public override string Describe() => "writer stop " + Name;
}
