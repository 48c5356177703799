namespace EtcdLab.Core.Targets;

/// <summary>What <c>etcdctl backup</c> printed and its exit code: it is a file operation on the host
/// (etcdctl/ctlv2/command/backup_command.go), and it fails the Go way, a <c>log.Fatal</c> line and exit 1.</summary>
/// <param name="ExitCode">0, or 1 after <c>log.Fatal</c>.</param>
/// <param name="Stdout">Standard output (the zap example logger of the WAL and snapshot packages writes there).</param>
/// <param name="Stderr">Standard error (Go's <c>log</c> lines, in etcd's capnslog format: <c>2026-12-02 14:17:36.374219 I | ...</c>).</param>
public sealed record BackupReply(int ExitCode, string Stdout, string Stderr);
