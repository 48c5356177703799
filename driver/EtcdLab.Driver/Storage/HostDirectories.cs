using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Targets;

namespace EtcdLab.Driver.Storage;

/// <summary>
/// Where a run keeps each host's disk: <c>&lt;root&gt;/&lt;runId&gt;/&lt;host&gt;/var-lib</c> on this machine,
/// mounted at <c>/var/lib</c> in the host's containers, so a scenario path such as
/// <c>/var/lib/etcd</c> or <c>/var/lib/etcd-backup/backup.db</c> means the same file inside the
/// container and here, and survives re-creating the container.
/// </summary>
public sealed class HostDirectories
{
    /// <summary>The directory of the host's disk inside its containers; every scenario path lies under it.</summary>
    public const string ContainerRoot = HostPaths.Home;

    /// <summary>Default data root: <c>/tmp/etcdlab</c>.</summary>
    public static string DefaultRoot { get; } = Path.Combine(Path.GetTempPath(), "etcdlab");

    /// <summary>Creates the layout of one run under <paramref name="root"/>.</summary>
    public HostDirectories(string root, string runId)
    {
        Root = Path.GetFullPath(root);
        RunDirectory = Path.Combine(Root, runId);
    }

    /// <summary>The data root shared by all runs.</summary>
    public string Root { get; }

    /// <summary><c>&lt;root&gt;/&lt;runId&gt;</c>: everything of this run; removed when the run ends.</summary>
    public string RunDirectory { get; }

    /// <summary>The file naming the process that owns the run, read by the reaper.</summary>
    public string OwnerFile => Path.Combine(RunDirectory, "owner");

    /// <summary>The directory mounted at /var/lib in <paramref name="host"/>'s containers.</summary>
    public string VarLib(string host) => Path.Combine(RunDirectory, host, "var-lib");

    /// <summary>The path on this machine of <paramref name="scenarioPath"/> on <paramref name="host"/>.</summary>
    /// <exception cref="HostActionException">The path is not under /var/lib/.</exception>
    public string OnMachine(string host, string scenarioPath) =>
        Path.Combine(VarLib(host), Relative(host, scenarioPath));

    /// <summary>The normalized absolute form of a scenario path; relative paths are taken from
    /// /var/lib (the containers' working directory, where etcd puts its default <c>&lt;name&gt;.etcd</c>).</summary>
    /// <exception cref="HostActionException">The path leaves /var/lib/.</exception>
    public static string Normalize(string host, string scenarioPath)
    {
        var full = HostPaths.Normalize(scenarioPath);
        if (!full.StartsWith(ContainerRoot + "/", StringComparison.Ordinal))
            throw new HostActionException(host,
                $"Path '{scenarioPath}' on {host} is outside /var/lib/. The docker target keeps a host's disk in /var/lib (data dirs, backups, snapshots); use a path under it, for example /var/lib/etcd-backup.");
        return full;
    }

    private static string Relative(string host, string scenarioPath) => Normalize(host, scenarioPath)[(ContainerRoot.Length + 1)..];
}
