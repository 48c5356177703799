namespace EtcdLab.Core.Scenarios;

/// <summary>Freezes etcd on a host (SIGSTOP).</summary>
/// <param name="Host">Host name.</param>
public sealed record PauseStep(
    string Host) : Step
{
    /// <inheritdoc />
    public override string Describe() => "pause " + Host;
}
