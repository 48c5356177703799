namespace EtcdLab.Core.Scenarios;

/// <summary>Replaces the host's data dir by a copy of a directory (<c>rm -rf /var/lib/etcd;
/// cp -a /var/lib/etcd-backup /var/lib/etcd</c>), as an operator restores a file-level backup.
/// etcd must not run on the host.</summary>
/// <param name="Host">Host name.</param>
/// <param name="From">The directory the data dir becomes a copy of.</param>
public sealed record RestoreDataStep(
    string Host,
    string From) : Step
{
    /// <inheritdoc />
    public override string Describe() => $"restore-data {Host} from {From}";
}
