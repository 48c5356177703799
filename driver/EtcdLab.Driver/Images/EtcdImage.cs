using System.Formats.Tar;
using System.Text.RegularExpressions;
using Docker.DotNet;
using Docker.DotNet.Models;
using EtcdLab.Core.Exceptions;
using EtcdLab.Driver.Docker;

namespace EtcdLab.Driver.Images;

/// <summary>
/// The etcd image the members run. The default, <c>etcdlab/etcd:&lt;version&gt;</c>, is built on first
/// use from the etcd and etcdctl installed on this machine (docker/Dockerfile: an empty image with
/// the two binaries and the C library files <c>ldd</c> names). Any other image name is used as
/// given and pulled when missing, so a user with a registry can run another etcd version.
/// </summary>
public static partial class EtcdImage
{
    /// <summary>Repository of the images this driver builds itself.</summary>
    public const string Repository = "etcdlab/etcd";

    /// <summary>Where the host's etcd binary is looked for.</summary>
    public const string HostEtcd = "/usr/bin/etcd";

    /// <summary>Where the host's etcdctl binary is looked for.</summary>
    public const string HostEtcdctl = "/usr/bin/etcdctl";

    private static readonly SemaphoreSlim BuildGate = new(1, 1);

    /// <summary>The version of the host's etcd (<c>etcd --version</c>), or null when none is installed.</summary>
    public static async Task<string?> HostEtcdVersionAsync(CancellationToken ct)
    {
        if (!File.Exists(HostEtcd)) return null;
        var result = await ProcessRunner.RunAsync(HostEtcd, ["--version"], TimeSpan.FromSeconds(10), ct);
        var match = VersionLine().Match(result.Stdout);
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>The image this machine can build: <c>etcdlab/etcd:&lt;host etcd version&gt;</c>.</summary>
    /// <exception cref="EnvironmentException">etcd is not installed.</exception>
    public static async Task<string> DefaultNameAsync(CancellationToken ct) =>
        $"{Repository}:{await HostEtcdVersionAsync(ct) ?? throw NoHostEtcd()}";

    /// <summary>Makes sure <paramref name="image"/> exists: builds it from the host's etcd when it is this
    /// machine's default image, pulls it otherwise.</summary>
    /// <returns>True when the image had to be built or pulled.</returns>
    /// <exception cref="EnvironmentException">The image is missing and cannot be built or pulled.</exception>
    public static async Task<bool> EnsureAsync(DockerEngine engine, string image, CancellationToken ct)
    {
        if (await ExistsAsync(engine, image, ct)) return false;
        await BuildGate.WaitAsync(ct);
        try
        {
            if (await ExistsAsync(engine, image, ct)) return false;
            if (image.StartsWith(Repository + ":", StringComparison.Ordinal))
            {
                var version = await HostEtcdVersionAsync(ct) ?? throw NoHostEtcd();
                if (image != $"{Repository}:{version}")
                    throw new EnvironmentException(
                        $"Image {image} is missing and this machine can only build {Repository}:{version} (its etcd is {version}). "
                        + $"Use --image {Repository}:{version}, install etcd {image[(Repository.Length + 1)..]} as {HostEtcd}, or push {image} to a registry you can pull from.");
                await BuildAsync(engine, image, ct);
            }
            else
            {
                await PullAsync(engine, image, ct);
            }
            return true;
        }
        finally
        {
            BuildGate.Release();
        }
    }

    private static async Task<bool> ExistsAsync(DockerEngine engine, string image, CancellationToken ct)
    {
        try
        {
            await engine.Client.Images.InspectImageAsync(image, ct);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
    }

    internal static async Task BuildAsync(DockerEngine engine, string image, CancellationToken ct)
    {
        var context = new MemoryStream();
        await WriteContextAsync(context, ct);
        context.Position = 0;

        var messages = new List<string>();
        var errors = new List<string>();
        var progress = new Progress<JSONMessage>(m =>
        {
            lock (messages)
            {
                if (!string.IsNullOrEmpty(m.Stream)) messages.Add(m.Stream.TrimEnd());
                if (m.Error is not null) errors.Add(m.Error.Message);
                else if (!string.IsNullOrEmpty(m.ErrorMessage)) errors.Add(m.ErrorMessage);
            }
        });
        try
        {
            await engine.Client.Images.BuildImageFromDockerfileAsync(
                new ImageBuildParameters { Tags = [image], Dockerfile = "Dockerfile", Remove = true, ForceRemove = true },
                context, null, null, progress, ct);
        }
        catch (DockerApiException e)
        {
            errors.Add(e.Message);
        }

        if (errors.Count > 0 || !await ExistsAsync(engine, image, ct))
        {
            string log;
            lock (messages) log = string.Join(Environment.NewLine, messages.Concat(errors));
            throw new EnvironmentException(
                $"Building image {image} from {HostEtcd} failed. Build it by hand with docker/build-image.sh {image} to see why, or run scripts/ensure-docker.sh.",
                log);
        }
    }

    /// <summary>Writes the build context: the Dockerfile and rootfs/ with the binaries and their libraries.</summary>
    internal static async Task WriteContextAsync(Stream output, CancellationToken ct)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal) { HostEtcd, HostEtcdctl };
        foreach (var binary in new[] { HostEtcd, HostEtcdctl })
        {
            if (!File.Exists(binary)) throw NoHostEtcd();
            var ldd = await ProcessRunner.RunAsync("ldd", [binary], TimeSpan.FromSeconds(10), ct);
            foreach (var lib in LibrariesFromLdd(ldd.Stdout)) files.Add(lib);
        }

        await using var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        await using (var dockerfile = typeof(EtcdImage).Assembly.GetManifestResourceStream("EtcdLab.Driver.Dockerfile")
            ?? throw new InvalidOperationException("the driver assembly lacks its embedded Dockerfile"))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "Dockerfile") { DataStream = dockerfile, Mode = (UnixFileMode)0b110_100_100 };
            await tar.WriteEntryAsync(entry, ct);
        }

        foreach (var file in files)
        {
            // Follow symbolic links (libc.so.6 is one): the image needs the file under the linked name.
            var real = new FileInfo(file).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? file;
            await using var data = File.OpenRead(real);
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "rootfs" + file)
            {
                DataStream = data,
                Mode = (UnixFileMode)0b111_101_101,
            };
            await tar.WriteEntryAsync(entry, ct);
        }
    }

    /// <summary>The absolute library paths in <c>ldd</c>'s output (<c>libc.so.6 =&gt; /lib/...</c> and the loader line).</summary>
    internal static IEnumerable<string> LibrariesFromLdd(string output)
    {
        foreach (var raw in output.Split('\n'))
        {
            var parts = raw.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 3 && parts[1] == "=>" && parts[2].StartsWith('/')) yield return parts[2];
            else if (parts.Length >= 1 && parts[0].StartsWith('/') && !parts[0].EndsWith(':')) yield return parts[0];
        }
    }

    private static async Task PullAsync(DockerEngine engine, string image, CancellationToken ct)
    {
        var colon = image.LastIndexOf(':');
        var slash = image.LastIndexOf('/');
        var (name, tag) = colon > slash ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
        var errors = new List<string>();
        var progress = new Progress<JSONMessage>(m =>
        {
            if (m.Error is not null) lock (errors) errors.Add(m.Error.Message);
        });
        try
        {
            await engine.Client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = name, Tag = tag }, null, progress, ct);
        }
        catch (DockerApiException e)
        {
            lock (errors) errors.Add(e.Message);
        }

        if (!await ExistsAsync(engine, image, ct))
        {
            string details;
            lock (errors) details = string.Join(Environment.NewLine, errors);
            throw new EnvironmentException(
                $"Image {image} is missing and could not be pulled. Pull or load it (docker pull {image}), "
                + $"or use the image this machine builds from its own etcd ({Repository}:<version>, see docker/build-image.sh).",
                details);
        }
    }

    private static EnvironmentException NoHostEtcd() => new(
        $"No etcd at {HostEtcd} and {HostEtcdctl}, so the etcd image cannot be built. Install them with `apt-get install etcd-server etcd-client` "
        + "(or run scripts/ensure-docker.sh), or give an existing image with --image.");

    [GeneratedRegex(@"etcd Version: (\S+)")]
    private static partial Regex VersionLine();
}
