using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Targets;

namespace EtcdLab.Driver.Storage;

/// <summary>
/// Where a run keeps each host's disk: <c>&lt;root&gt;/&lt;runId&gt;/&lt;host&gt;/var-lib</c> on this machine,
/// mounted at <c>/var/lib</c> in the host's containers, so a scenario path such as
/// <c>/var/lib/etcd</c> or <c>/var/lib/etcd-backup/backup.db</c> means the same file inside the
/// container and here, and survives re-creating the container; likewise <c>etc-etcd</c> at
/// <c>/etc/etcd</c> and <c>etc-kubernetes</c> at <c>/etc/kubernetes</c>, where runbooks keep
/// certificates (see <see cref="HostPaths.Roots"/>).
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

    /// <summary>The directory on this machine mounted at <paramref name="root"/> (one of
    /// <see cref="HostPaths.Roots"/>) in <paramref name="host"/>'s containers: <c>var-lib</c> for
    /// /var/lib, <c>etc-etcd</c> for /etc/etcd, <c>etc-kubernetes</c> for /etc/kubernetes.</summary>
    public string Mounted(string host, string root) => Path.Combine(RunDirectory, host, root.TrimStart('/').Replace('/', '-'));

    /// <summary>Every mount of <paramref name="host"/>'s containers, as Docker binds (<c>machine:container</c>).</summary>
    public IReadOnlyList<string> Binds(string host) => HostPaths.Roots.Select(root => $"{Mounted(host, root)}:{root}").ToArray();

    /// <summary>The path on this machine of <paramref name="scenarioPath"/> on <paramref name="host"/>.</summary>
    /// <exception cref="HostActionException">The path is not under one of <see cref="HostPaths.Roots"/>.</exception>
    public string OnMachine(string host, string scenarioPath)
    {
        var full = Normalize(host, scenarioPath);
        var root = HostPaths.RootOf(full)!;
        return Path.Combine(Mounted(host, root), full[(root.Length + 1)..]);
    }

    /// <summary>The normalized absolute form of a scenario path; relative paths are taken from
    /// /var/lib (the containers' working directory, where etcd puts its default <c>&lt;name&gt;.etcd</c>).</summary>
    /// <exception cref="HostActionException">The path leaves /var/lib/.</exception>
    public static string Normalize(string host, string scenarioPath)
    {
        var full = HostPaths.Normalize(scenarioPath);
        if (HostPaths.RootOf(full) is null)
            throw new HostActionException(host,
                $"Path '{scenarioPath}' on {host} is outside {string.Join(", ", HostPaths.Roots.Select(r => r + "/"))}. The docker target keeps a host's disk there (data dirs, backups and snapshots in /var/lib, configuration and certificates in /etc/etcd or /etc/kubernetes); use a path under one of them, for example /var/lib/etcd-backup.");
        return full;
    }
}
