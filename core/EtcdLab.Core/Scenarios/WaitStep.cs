namespace EtcdLab.Core.Scenarios;

/// <summary>The operator waits.</summary>
/// <param name="Duration">How long.</param>
public sealed record WaitStep(
    TimeSpan Duration) : Step
{
    /// <inheritdoc />
    public override string Describe() => "wait " + Durations.Format(Duration);
}
