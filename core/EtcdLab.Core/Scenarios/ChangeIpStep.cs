namespace EtcdLab.Core.Scenarios;

/// <summary>Moves a host to another loopback address; a running etcd restarts there.</summary>
/// <param name="Host">Host name.</param>
/// <param name="NewIp">The new address.</param>
public sealed record ChangeIpStep(
    string Host,
    string NewIp) : Step
{
    /// <inheritdoc />
    public override string Describe() => $"change-ip {Host} to {NewIp}";
}
