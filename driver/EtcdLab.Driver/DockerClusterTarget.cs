using System.Collections.Concurrent;
using System.Diagnostics;
using EtcdLab.Core.Events;
using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Recording;
using EtcdLab.Core.Targets;
using EtcdLab.Driver.Builders;
using EtcdLab.Driver.Containers;
using EtcdLab.Driver.Docker;
using EtcdLab.Driver.Images;
using EtcdLab.Driver.Network;
using EtcdLab.Driver.Reaper;
using EtcdLab.Driver.Writers;

namespace EtcdLab.Driver;

/// <summary>
/// The <c>docker</c> target: every host of a scenario is a real etcd process in its own container,
/// on its own loopback address, with its disk in a host directory. <see cref="CreateAsync"/>
/// connects to the engine; <see cref="ClusterTargetBase.InitializeAsync"/> takes a free loopback
/// slot S and places the scenario's 127.0.x.y hosts at 127.S.x.y (<see cref="ClusterTargetBase.Addresses"/>),
/// so two runs at once never share an address.
/// </summary>
/// <remarks>
/// The rules both targets share live in <see cref="ClusterTargetBase"/>; this class supplies the
/// containers, and reports what only it sees: <see cref="MemberLogged"/> for log lines runbooks warn
/// about (cluster ID mismatch, removed member, rejected removed peer, Raft panic), <see cref="LeaderElected"/>
/// when a member logs that it became leader, exits of etcd
/// processes (from log-following threads, through the base's thread-safe path), and the background
/// writers' results.
/// </remarks>
public sealed partial class DockerClusterTarget : ClusterTargetBase
{
    private readonly DockerTargetOptions _options;
    private readonly DockerEngine _engine;
    private readonly string _image;
    private readonly Stopwatch _clock = new();
    private readonly ConcurrentDictionary<string, BackgroundWriter> _writers = new(StringComparer.Ordinal);
    private LoopbackSlot? _slot;
    private EtcdCluster? _cluster;
    private bool _disposed;

    private DockerClusterTarget(DockerTargetOptions options, DockerEngine engine, string image)
    {
        _options = options;
        _engine = engine;
        _image = image;
    }

    /// <summary>Connects to Docker, removes leftovers of dead runs and makes sure the etcd image exists.</summary>
    /// <exception cref="EnvironmentException">No Docker engine answers (the message says how to start one),
    /// or the image cannot be had.</exception>
    public static async Task<DockerClusterTarget> CreateAsync(DockerTargetOptions? options = null, CancellationToken ct = default)
    {
        options ??= new DockerTargetOptions();
        var engine = await DockerEngine.ConnectAsync(options.DockerEndpoint, ct: ct);
        try
        {
            if (options.Reap) await ResourceReaper.ReapAsync(engine, options.DataRoot, ct);
            var image = options.Image ?? await EtcdImage.DefaultNameAsync(ct);
            await EtcdImage.EnsureAsync(engine, image, ct);
            return new DockerClusterTarget(options, engine, image);
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public override string Kind => "docker";

    /// <inheritdoc />
    public override TimeSpan Now => _clock.Elapsed;

    /// <inheritdoc />
    /// <remarks>The machine's clock, which the containers share: real etcd checks certificates against it.</remarks>
    public override DateTimeOffset HostClock => DateTimeOffset.UtcNow;

    /// <inheritdoc />
    public override Task UseClientCredentialsAsync(ClientCredentials credentials, CancellationToken ct)
    {
        Cluster.Rpc.Pool.UseCredentials(credentials);
        return Task.CompletedTask;
    }

    /// <summary>The run's loopback slot S (after initialization): its hosts live in 127.S.0.0/16, its members run as the slot's uids.</summary>
    public LoopbackSlot Slot => _slot ?? throw new InvalidOperationException("the docker target is not initialized; call InitializeAsync first");

    /// <summary>The image the members run.</summary>
    public string Image => _image;

    /// <summary>The containers behind the hosts (after initialization).</summary>
    public EtcdCluster Cluster => _cluster ?? throw new InvalidOperationException("the docker target is not initialized; call InitializeAsync first");

    /// <inheritdoc />
    /// <exception cref="EnvironmentException">No slot is free (or the one <see cref="DockerTargetOptions.LoopbackSlot"/> asks for is taken).</exception>
    protected override Task<AddressMap> ReserveAddressesAsync(ClusterSpec spec, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _slot = LoopbackSlot.Acquire(_options.DataRoot, _options.LoopbackSlot);
        return Task.FromResult(new AddressMap(_slot.Number));
    }

    /// <inheritdoc />
    protected override async Task InitializeCoreAsync(ClusterSpec spec, CancellationToken ct)
    {
        foreach (var host in spec.Hosts)
        {
            LoopbackAddress.Parse(host.Ip);
            if (!Slot.Contains(host.Ip))
                throw new InputException(
                    $"Host {host.Name} has address {host.Ip}, outside this run's {Slot}. Scenario addresses are 127.0.x.y; the docker target moves them into its slot.");
        }

        EtcdCluster cluster;
        try
        {
            cluster = new EtcdClusterBuilder()
                .WithRunId(spec.RunId)
                .WithHosts(spec.Hosts)
                .WithImage(_image)
                .WithDataRoot(_options.DataRoot)
                .WithDockerEngine(_engine)
                .WithLoopbackSlot(Slot)
                .WithReaper(false)
                .WithInsideNetwork(_options.InsideNetwork)
                .Build();
        }
        catch (ArgumentException e)
        {
            throw new InputException($"The docker target cannot run these hosts: {e.Message}.");
        }
        var recorder = Recorder;
        cluster.LineLogged += (container, line) =>
        {
            if (line.Kind is { } kind) recorder.Record(new MemberLogged(container.Host, kind, line.Text));
            if (line.Election is var (member, term)) recorder.Record(new LeaderElected(container.Host, member, term));
        };
        cluster.ProcessExited += (container, state) => ReportExited(container.Host, state.ExitCode ?? -1, state.ExitError ?? "");
        _cluster = cluster;
        await cluster.InitializeAsync(ct);
        _clock.Restart();
    }

    /// <inheritdoc />
    public override Task DelayAsync(TimeSpan duration, CancellationToken ct) => Task.Delay(duration, ct);

    /// <summary>Stops the writers and removes every container, host disk and firewall rule of the run;
    /// releases the slot. Safe to call more than once.</summary>
    public override async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await Task.WhenAll(_writers.Values.Select(w => w.StopAsync()));
        if (_cluster is not null) await _cluster.DisposeAsync();
        _slot?.Dispose();
        _engine.Dispose();
    }

    private EtcdContainer Host(string host) => Cluster[host];
}
