namespace EtcdLab.Core.Targets;

/// <summary><c>ETCDCTL_API=2 etcdctl backup --data-dir D --backup-dir B [--with-v3]</c>, run on a host.</summary>
/// <param name="DataDir">The data dir to back up (<c>--data-dir</c>).</param>
/// <param name="BackupDir">Where the copy goes (<c>--backup-dir</c>).</param>
/// <param name="WithV3">Whether the v3 keyspace is copied too (<c>--with-v3</c>); without it the copy holds no v3 key.</param>
public sealed record BackupRequest(string DataDir, string BackupDir, bool WithV3);
