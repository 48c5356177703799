using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Targets;
using EtcdLab.Driver.Docker;
using EtcdLab.Driver.Storage;

namespace EtcdLab.Driver;

public sealed partial class DockerClusterTarget
{
    /// <inheritdoc />
    public Task StartAsync(string host, EtcdFlags flags, CancellationToken ct) => Host(host).StartAsync(WithDefaultTiming(flags), ct);

    /// <inheritdoc />
    public Task StopAsync(string host, CancellationToken ct) => Host(host).StopAsync(ct);

    /// <inheritdoc />
    public Task KillAsync(string host, CancellationToken ct) => Host(host).KillAsync(ct);

    /// <inheritdoc />
    public Task PauseAsync(string host, CancellationToken ct) => Host(host).PauseAsync(ct);

    /// <inheritdoc />
    public Task ResumeAsync(string host, CancellationToken ct) => Host(host).ResumeAsync(ct);

    /// <inheritdoc />
    public async Task RemoveDirectoryAsync(string host, string path, CancellationToken ct)
    {
        var target = HostDirectories.Normalize(host, path);
        await RefuseRunningDataDirAsync(host, target, "remove", ct);
        var onMachine = Cluster.Directories.OnMachine(host, target);
        if (Directory.Exists(onMachine)) Directory.Delete(onMachine, recursive: true);
        else if (File.Exists(onMachine)) File.Delete(onMachine);
    }

    /// <inheritdoc />
    public async Task CopyDirectoryAsync(string host, string from, string to, CancellationToken ct)
    {
        var source = HostDirectories.Normalize(host, from);
        var destination = HostDirectories.Normalize(host, to);
        await RefuseRunningDataDirAsync(host, source, "copy", ct);
        await RefuseRunningDataDirAsync(host, destination, "overwrite", ct);
        var dirs = Cluster.Directories;
        if (!Directory.Exists(dirs.OnMachine(host, source)))
            throw new HostActionException(host, $"cp: cannot stat '{from}': No such file or directory (on {host}).");
        EnsureParent(host, destination);
        // cp -a itself: its semantics (copy into an existing directory), modes and owners.
        var result = await ProcessRunner.RunAsync("cp", ["-a", dirs.OnMachine(host, source), dirs.OnMachine(host, destination)], TimeSpan.FromMinutes(2), ct);
        if (!result.Ok)
            throw new HostActionException(host, $"cp -a {from} {to} on {host} failed: {result.Stderr.Replace(dirs.VarLib(host), HostDirectories.ContainerRoot).Trim()}");
    }

    /// <inheritdoc />
    public async Task CopyFileAsync(string fromHost, string fromPath, string toHost, string toPath, CancellationToken ct)
    {
        var source = HostDirectories.Normalize(fromHost, fromPath);
        var destination = HostDirectories.Normalize(toHost, toPath);
        await RefuseRunningDataDirAsync(fromHost, source, "copy", ct);
        await RefuseRunningDataDirAsync(toHost, destination, "overwrite", ct);
        var dirs = Cluster.Directories;
        var sourceFile = dirs.OnMachine(fromHost, source);
        if (!File.Exists(sourceFile))
            throw new HostActionException(fromHost, $"scp: {fromPath}: No such file or directory (on {fromHost}).");
        var destinationFile = dirs.OnMachine(toHost, destination);
        if (Directory.Exists(destinationFile)) destinationFile = Path.Combine(destinationFile, Path.GetFileName(sourceFile));
        else EnsureParent(toHost, destination);
        File.Copy(sourceFile, destinationFile, overwrite: true);
        Cluster.GiveToHost(toHost, destinationFile);
    }

    /// <inheritdoc />
    public Task ChangeIpAsync(string host, string newIp, EtcdFlags? flagsAfterMove, CancellationToken ct) =>
        Cluster.ChangeIpAsync(host, newIp, flagsAfterMove is null ? null : WithDefaultTiming(flagsAfterMove), ct);

    /// <inheritdoc />
    public Task PartitionAsync(IReadOnlyList<IReadOnlyList<string>> groups, CancellationToken ct) => Cluster.PartitionAsync(groups, ct);

    /// <inheritdoc />
    public Task HealAsync(CancellationToken ct) => Cluster.HealAsync(ct);

    private EtcdFlags WithDefaultTiming(EtcdFlags flags) =>
        _options.DefaultTiming is { } timing && flags.Get("heartbeat-interval") is null && flags.Get("election-timeout") is null
            ? flags.Merge(timing.ToFlags())
            : flags;

    /// <summary>Refuses to touch a directory that is, holds or lies in the data (or WAL) dir of a running
    /// (or paused) etcd: etcd would go on writing into a directory that changes under it.</summary>
    private async Task RefuseRunningDataDirAsync(string host, string path, string verb, CancellationToken ct)
    {
        var container = Host(host);
        if (container.Flags is not { } flags || !(await container.GetStateAsync(ct)).IsAlive) return;
        foreach (var dir in new[] { container.DataDirectoryOf(flags), flags.Get("wal-dir") is { } wal ? HostDirectories.Normalize(host, wal) : null }.OfType<string>())
        {
            if (HostDirectories.IsSameOrInside(path, dir) || HostDirectories.IsSameOrInside(dir, path))
                throw new HostActionException(host,
                    $"Refusing to {verb} {path} on {host}: etcd runs there with data in {dir}, and would go on using it. Stop etcd on {host} first.");
        }
    }

    /// <summary>Creates the missing parents of <paramref name="path"/> on the host, owned by the host's uid:
    /// the target has no mkdir, so copying or saving to /var/lib/backup/x makes /var/lib/backup.</summary>
    private void EnsureParent(string host, string path)
    {
        var parent = Path.GetDirectoryName(path)!;
        var missing = new Stack<string>();
        for (var dir = parent; dir != HostDirectories.ContainerRoot && !Directory.Exists(Cluster.Directories.OnMachine(host, dir)); dir = Path.GetDirectoryName(dir)!)
            missing.Push(dir);
        foreach (var dir in missing)
        {
            var onMachine = Cluster.Directories.OnMachine(host, dir);
            Directory.CreateDirectory(onMachine);
            Cluster.GiveToHost(host, onMachine);
        }
    }
}
