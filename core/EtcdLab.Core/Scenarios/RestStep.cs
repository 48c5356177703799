namespace EtcdLab.Core.Scenarios;

/// <summary>Marks a point where the procedure is at rest: the cluster must be in a steady, safe shape.</summary>
/// <param name="Label">Why it is at rest here.</param>
public sealed record RestStep(
    string Label) : Step
{
    /// <inheritdoc />
    public override string Describe() => "rest: " + Label;
}
