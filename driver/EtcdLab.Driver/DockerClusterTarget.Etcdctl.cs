using EtcdLab.Core.Etcdctl;
using EtcdLab.Core.Targets;
using EtcdLab.Driver.Storage;

namespace EtcdLab.Driver;

public sealed partial class DockerClusterTarget
{
    /// <inheritdoc />
    /// <remarks>
    /// <para>Runs the image's own etcdctl 3.4.23 with the step's argv exactly as parsed, in the host's
    /// etcdctl container (<c>docker exec</c>): the host's uid, so that the run's egress wall holds it to
    /// loopback as it holds the member; host networking; the host's disk at /var/lib, so that a snapshot
    /// lands where the host's other steps find it. What it printed and its exit code are the answer,
    /// nothing is rewritten. Leading <c>NAME=value</c> words (a shell's environment prefix, such as
    /// <c>ETCDCTL_API=3</c>) are passed as the environment.</para>
    /// <para>Without <c>--endpoints</c> (flag or <c>ETCDCTL_ENDPOINTS</c>) etcdctl is given
    /// <c>ETCDCTL_ENDPOINTS=</c><paramref name="defaultEndpoint"/>: on its own machine its default
    /// 127.0.0.1:2379 would reach the host's etcd, and here every host shares one loopback. The variable
    /// is set only then, because etcdctl refuses a variable that a flag shadows.</para>
    /// <para>The lab's disk rules hold as for the simulator: a snapshot is saved and a data dir restored
    /// only under /var/lib, never over a running member's data, and a missing parent directory of a
    /// snapshot is made for the host (the lab has no mkdir). etcdctl bounds itself with
    /// <c>--dial-timeout</c> and <c>--command-timeout</c>; a hung one is killed after
    /// <see cref="DockerTargetOptions.ToolTimeout"/>.</para>
    /// </remarks>
    public override async Task<EtcdctlOutput> RunEtcdctlAsync(string host, string defaultEndpoint, EtcdctlInvocation invocation, IClusterTarget clientCalls, CancellationToken ct)
    {
        var container = Host(host);
        var (environment, args) = SplitEnvironment(invocation.Argv);
        // The parser keeps a line's ETCDCTL_API=2|3 prefix as the invocation's environment, not in argv.
        environment.InsertRange(0, invocation.Environment.Select(kv => $"{kv.Key}={kv.Value}"));
        if (invocation.Endpoints is null && !environment.Any(e => e.StartsWith("ETCDCTL_ENDPOINTS=", StringComparison.Ordinal)))
            environment.Add($"ETCDCTL_ENDPOINTS={defaultEndpoint}");
        PrepareDisk(host, invocation);
        var result = await container.ExecEtcdctlAsync(args, environment, _options.ToolTimeout, ct);
        return new EtcdctlOutput(result.ExitCode, result.Stdout, result.Stderr);
    }

    /// <summary>Splits a command line's leading <c>NAME=value</c> words (the environment a shell would
    /// give the command) from etcdctl's own arguments.</summary>
    internal static (List<string> Environment, List<string> Args) SplitEnvironment(IReadOnlyList<string> argv)
    {
        var environment = new List<string>();
        var i = 0;
        for (; i < argv.Count; i++)
        {
            var eq = argv[i].IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || argv[i].StartsWith('-') || !argv[i][..eq].All(c => char.IsAsciiLetterOrDigit(c) || c == '_')) break;
            environment.Add(argv[i]);
        }
        var args = argv.Skip(i).ToList();
        if (args.FirstOrDefault() == "etcdctl") args.RemoveAt(0);
        return (environment, args);
    }

    /// <summary>The lab's disk rules for the commands that write files, checked before etcdctl runs,
    /// as the simulator checks them (a refusal fails the step the same way on both targets).</summary>
    private void PrepareDisk(string host, EtcdctlInvocation invocation)
    {
        switch (invocation.Command)
        {
            case EtcdctlCommand.SnapshotSave when invocation.Args.Count == 1:
                var path = invocation.Args[0];
                RefuseRunningDataDir(host, path, "overwrite");
                EnsureParent(host, HostDirectories.Normalize(host, path));
                break;
            case EtcdctlCommand.SnapshotRestore when invocation.Args.Count == 1:
                HostDirectories.Normalize(host, invocation.Flag("data-dir") ?? (invocation.Flag("name") ?? "default") + ".etcd");
                break;
            case EtcdctlCommand.Backup when invocation.Flag("data-dir") is { } dataDir && invocation.Flag("backup-dir") is { } backupDir:
                // As the simulator's backup: a running member's data dir is no consistent source, and the
                // backup never goes over one.
                RefuseRunningDataDir(host, dataDir, "back up");
                RefuseRunningDataDir(host, backupDir, "overwrite");
                EnsureParent(host, HostDirectories.Normalize(host, backupDir));
                break;
        }
    }
}
