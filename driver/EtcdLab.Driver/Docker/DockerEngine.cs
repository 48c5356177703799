using Docker.DotNet;
using EtcdLab.Core.Addresses;
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

    /// <summary>What <c>DOCKER_HOST</c> may hold, for error messages.</summary>
    public const string DockerHostForms =
        "DOCKER_HOST must be unix:///<absolute path of the engine's socket> (unset, it is unix:///var/run/docker.sock) "
        + "or tcp://127.0.0.1:2375 (an engine on this machine's loopback; the lab runs members with host networking on "
        + "loopback addresses, so the engine must run on this machine)";

    /// <summary>The engine named by <c>DOCKER_HOST</c>, else the local socket.</summary>
    /// <exception cref="EnvironmentException"><c>DOCKER_HOST</c> is set to something else than <see cref="DockerHostForms"/>.</exception>
    public static Uri DefaultEndpoint()
    {
        var fromEnv = Environment.GetEnvironmentVariable("DOCKER_HOST");
        return string.IsNullOrWhiteSpace(fromEnv) ? new Uri("unix:///var/run/docker.sock") : ParseDockerHost(fromEnv);
    }

    /// <summary>The engine endpoint a <c>DOCKER_HOST</c> value names: <c>unix:///path</c>, or
    /// <c>tcp://</c> / <c>http://</c> to a loopback address (the address rules of
    /// <see cref="AddressRules.CheckRunText"/>). Nothing is dialled here.</summary>
    /// <exception cref="EnvironmentException">The value is not one of <see cref="DockerHostForms"/>; the message says what it must look like.</exception>
    public static Uri ParseDockerHost(string value)
    {
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri))
            throw new EnvironmentException($"DOCKER_HOST='{value}' is not a URL. {DockerHostForms}.");
        switch (uri.Scheme)
        {
            case "unix":
                if (uri.Host.Length > 0 || uri.AbsolutePath.Length <= 1)
                    throw new EnvironmentException($"DOCKER_HOST='{value}' names no absolute socket path (write three slashes: unix:///var/run/docker.sock). {DockerHostForms}.");
                return uri;
            case "tcp" or "http":
                // Judge the value as written and as Uri reads it, so that no spelling gets past one of them.
                if (AddressRules.CheckRunText(value).Concat(AddressRules.CheckRunText($"tcp://{uri.Authority}")).FirstOrDefault() is { } problem)
                    throw new EnvironmentException($"DOCKER_HOST='{value}': {problem.Problem}. {DockerHostForms}.");
                return uri;
            default:
                throw new EnvironmentException($"DOCKER_HOST='{value}': EtcdLab talks to the engine over unix:// or tcp://, not {uri.Scheme}://. {DockerHostForms}.");
        }
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
