namespace EtcdLab.Core.Scenarios;

/// <summary>Checks the cluster's observed state, polling until it holds or the time is up.</summary>
/// <param name="Expect">What must hold.</param>
/// <param name="Within">How long to keep polling.</param>
public sealed record ExpectClusterStep(
    ClusterExpectation Expect,
    TimeSpan Within) : Step
{
    /// <inheritdoc />
    public override string Describe() => $"expect-cluster {Expect} within {Durations.Format(Within)}";
}
