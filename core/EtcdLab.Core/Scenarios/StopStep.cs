namespace EtcdLab.Core.Scenarios;

/// <summary>Stops etcd on a host: gracefully (SIGTERM) or, for <c>kill</c>, at once (SIGKILL).</summary>
/// <param name="Host">Host name.</param>
/// <param name="Kill">True for SIGKILL.</param>
public sealed record StopStep(
    string Host,
    bool Kill) : Step
{
    /// <inheritdoc />
    public override string Describe() => (Kill ? "kill " : "stop ") + Host;
}
