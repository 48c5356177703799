using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Targets;
using EtcdLab.Driver.Docker;
using EtcdLab.Driver.Storage;

namespace EtcdLab.Driver;

public sealed partial class DockerClusterTarget
{
    /// <inheritdoc />
    protected override Task BootstrapCoreAsync(IReadOnlyList<KeyValuePair<string, EtcdFlags>> members, CancellationToken ct) =>
        Cluster.LaunchTogetherAsync(members.Select(m => new KeyValuePair<string, EtcdFlags>(m.Key, WithDefaultTiming(m.Value))).ToArray(), ct);

    /// <inheritdoc />
    protected override Task StartCoreAsync(string host, EtcdFlags flags, CancellationToken ct) => Host(host).StartAsync(WithDefaultTiming(flags), ct);

    /// <inheritdoc />
    /// <remarks>A paused container is thawed by the stop itself (see <see cref="Containers.EtcdContainer.StopAsync"/>).</remarks>
    protected override Task StopCoreAsync(string host, bool kill, bool paused, CancellationToken ct) =>
        kill ? Host(host).KillAsync(ct) : Host(host).StopAsync(ct);

    /// <inheritdoc />
    protected override Task PauseCoreAsync(string host, CancellationToken ct) => Host(host).PauseAsync(ct);

    /// <inheritdoc />
    protected override Task ResumeCoreAsync(string host, CancellationToken ct) => Host(host).ResumeAsync(ct);

    /// <inheritdoc />
    protected override Task RemoveDirectoryCoreAsync(string host, string path, CancellationToken ct)
    {
        var onMachine = Cluster.Directories.OnMachine(host, HostDirectories.Normalize(host, path));
        if (Directory.Exists(onMachine)) Directory.Delete(onMachine, recursive: true);
        else if (File.Exists(onMachine)) File.Delete(onMachine);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override async Task CopyDirectoryCoreAsync(string host, string from, string to, CancellationToken ct)
    {
        var source = HostDirectories.Normalize(host, from);
        var destination = HostDirectories.Normalize(host, to);
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
    protected override Task CopyFileCoreAsync(string fromHost, string fromPath, string toHost, string toPath, CancellationToken ct)
    {
        var source = HostDirectories.Normalize(fromHost, fromPath);
        var destination = HostDirectories.Normalize(toHost, toPath);
        var dirs = Cluster.Directories;
        var sourceFile = dirs.OnMachine(fromHost, source);
        if (!File.Exists(sourceFile))
            throw new HostActionException(fromHost, $"scp: {fromPath}: No such file or directory (on {fromHost}).");
        var destinationFile = dirs.OnMachine(toHost, destination);
        if (Directory.Exists(destinationFile)) destinationFile = Path.Combine(destinationFile, Path.GetFileName(sourceFile));
        else EnsureParent(toHost, destination);
        File.Copy(sourceFile, destinationFile, overwrite: true);
        Cluster.GiveToHost(toHost, destinationFile);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>The file belongs to the host's uid, as one openssl leaves in an operator's shell
    /// belongs to the account that runs etcd; a key is readable by it alone (0600), as etcd wants it.</remarks>
    protected override async Task WriteFileCoreAsync(string host, string path, byte[] content, CancellationToken ct)
    {
        var destination = HostDirectories.Normalize(host, path);
        var file = Cluster.Directories.OnMachine(host, destination);
        if (Directory.Exists(file)) throw new HostActionException(host, $"{path} on {host} is a directory, not a file.");
        EnsureParent(host, destination);
        await File.WriteAllBytesAsync(file, content, ct);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Cluster.GiveToHost(host, file);
    }

    /// <inheritdoc />
    protected override async Task<byte[]?> ReadFileCoreAsync(string host, string path, CancellationToken ct)
    {
        var file = Cluster.Directories.OnMachine(host, HostDirectories.Normalize(host, path));
        return File.Exists(file) ? await File.ReadAllBytesAsync(file, ct) : null;
    }

    /// <inheritdoc />
    protected override Task MoveHostCoreAsync(string host, string newIp, CancellationToken ct) => Cluster.MoveAsync(host, newIp, ct);

    /// <inheritdoc />
    protected override Task PartitionCoreAsync(IReadOnlyList<IReadOnlyList<string>> groups, CancellationToken ct) => Cluster.PartitionAsync(groups, ct);

    /// <inheritdoc />
    protected override Task HealCoreAsync(CancellationToken ct) => Cluster.HealAsync(ct);

    /// <inheritdoc />
    /// <remarks>iptables drops the share of the host's peer packets at random, and marks the others for
    /// the run's netfilter queue, which holds them for the latency (see <see cref="Network.LinkDegrader"/>).</remarks>
    protected override Task DegradeLinksCoreAsync(string host, TimeSpan latency, double lossRate, CancellationToken ct) =>
        Cluster.DegradeLinksAsync(host, latency, lossRate, ct);

    /// <inheritdoc />
    /// <remarks>Held packets leave at their time first, so this returns up to the host's latency later.</remarks>
    protected override Task RestoreLinksCoreAsync(string host, CancellationToken ct) => Cluster.RestoreLinksAsync(host, ct);

    private EtcdFlags WithDefaultTiming(EtcdFlags flags) =>
        _options.DefaultTiming is { } timing && flags.Get("heartbeat-interval") is null && flags.Get("election-timeout") is null
            ? flags.Merge(timing.ToFlags())
            : flags;

    /// <summary>Creates the missing parents of <paramref name="path"/> on the host, owned by the host's uid:
    /// the target has no mkdir, so copying or saving to /var/lib/backup/x makes /var/lib/backup.</summary>
    private void EnsureParent(string host, string path)
    {
        var parent = Path.GetDirectoryName(path)!;
        var root = HostPaths.RootOf(path)!;
        var missing = new Stack<string>();
        for (var dir = parent; dir != root && !Directory.Exists(Cluster.Directories.OnMachine(host, dir)); dir = Path.GetDirectoryName(dir)!)
            missing.Push(dir);
        foreach (var dir in missing)
        {
            var onMachine = Cluster.Directories.OnMachine(host, dir);
            Directory.CreateDirectory(onMachine);
            Cluster.GiveToHost(host, onMachine);
        }
    }
}
