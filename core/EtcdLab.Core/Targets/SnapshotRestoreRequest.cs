namespace EtcdLab.Core.Targets;

/// <summary>The arguments of <c>etcdctl snapshot restore</c> (etcd 3.4), defaults already applied.</summary>
/// <param name="SnapshotPath">The snapshot file on the host.</param>
/// <param name="Name">--name (default <c>default</c>).</param>
/// <param name="DataDir">--data-dir (default <c>&lt;name&gt;.etcd</c>); must not exist.</param>
/// <param name="InitialCluster">--initial-cluster (default <c>default=http://localhost:2380</c>).</param>
/// <param name="InitialClusterToken">--initial-cluster-token (default <c>etcd-cluster</c>).</param>
/// <param name="InitialAdvertisePeerUrls">--initial-advertise-peer-urls (default <c>http://localhost:2380</c>).</param>
/// <param name="SkipHashCheck">--skip-hash-check.</param>
public sealed record SnapshotRestoreRequest(
    string SnapshotPath,
    string Name,
    string DataDir,
    string InitialCluster,
    string InitialClusterToken,
    string InitialAdvertisePeerUrls,
    bool SkipHashCheck);
