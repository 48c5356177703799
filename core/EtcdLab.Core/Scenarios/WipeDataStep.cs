namespace EtcdLab.Core.Scenarios;

/// <summary>Removes the data dir the host's configuration names (<c>rm -rf /var/lib/etcd</c>).</summary>
/// <param name="Host">Host name.</param>
public sealed record WipeDataStep(
    string Host) : Step
{
    /// <inheritdoc />
    public override string Describe() => "wipe-data " + Host;
}
