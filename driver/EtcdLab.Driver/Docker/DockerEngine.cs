using Docker.DotNet;
using EtcdLab.Core.Exceptions;

namespace EtcdLab.Driver.Docker;

/// <summary>
/// A connection to the Docker engine that runs the members. Connecting checks that the engine
/// answers, so that a missing engine fails at once with a message saying how to start one.
/// </summary>
public sealed class DockerEngine : IDisposable
{
    /// <summary>How to get an engine on a Debian machine like the CI one.</summary>
    public const string HowToStart =
        "Install and start one: `apt-get install docker.io` then `dockerd --bridge=none --iptables=false &` "
        + "(or run scripts/ensure-docker.sh as root, which does both and builds the etcd image).";

    private readonly DockerClientConfiguration _configuration;

    private DockerEngine(DockerClientConfiguration configuration, DockerClient client, string version)
    {
        _configuration = configuration;
        Client = client;
        Version = version;
    }

    /// <summary>The Docker.DotNet client.</summary>
    public DockerClient Client { get; }

    /// <summary>Where the engine listens, for example <c>unix:///var/run/docker.sock</c>.</summary>
    public Uri Endpoint => _configuration.EndpointBaseUri;

    /// <summary>The engine's version, as <c>docker version</c> prints it.</summary>
    public string Version { get; }

    /// <summary>The engine named by <c>DOCKER_HOST</c>, else the local socket.</summary>
    public static Uri DefaultEndpoint()
    {
        var fromEnv = Environment.GetEnvironmentVariable("DOCKER_HOST");
        return string.IsNullOrWhiteSpace(fromEnv) ? new Uri("unix:///var/run/docker.sock") : new Uri(fromEnv);
    }

    /// <summary>Connects to the engine at <paramref name="endpoint"/> (default: <see cref="DefaultEndpoint"/>)
    /// and checks that it answers within <paramref name="timeout"/> (default 5 s).</summary>
    /// <exception cref="EnvironmentException">No engine answers there.</exception>
    public static async Task<DockerEngine> ConnectAsync(Uri? endpoint = null, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        endpoint ??= DefaultEndpoint();
        var wait = timeout ?? TimeSpan.FromSeconds(5);
        var configuration = new DockerClientConfiguration(endpoint, defaultTimeout: TimeSpan.FromSeconds(100));
        var client = configuration.CreateClient();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(wait);
        try
        {
            var version = await client.System.GetVersionAsync(deadline.Token);
            return new DockerEngine(configuration, client, version.Version);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            client.Dispose();
            configuration.Dispose();
            var what = e is OperationCanceledException ? $"no answer within {wait.TotalSeconds:0.#} s" : $"{e.GetType().Name}: {e.Message}";
            throw new EnvironmentException(
                $"No Docker engine answers at {endpoint}, so the docker target cannot run etcd containers. {HowToStart} "
                + "Or run the scenario on the simulator with --target sim.",
                $"{what}{Environment.NewLine}DOCKER_HOST={Environment.GetEnvironmentVariable("DOCKER_HOST") ?? "(unset)"}",
                e);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Client.Dispose();
        _configuration.Dispose();
    }
}
