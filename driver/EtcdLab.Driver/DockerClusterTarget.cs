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
/// on its own loopback address, with its disk in a host directory. Create it with
/// <see cref="CreateAsync"/>, which also takes the run's loopback slot: the runner moves the
/// scenario's 127.0.x.y addresses into it with <see cref="Rebase"/> before <see cref="InitializeAsync"/>.
/// </summary>
/// <remarks>
/// Besides what the runner records itself, the target records the asynchronous facts only it sees:
/// <see cref="MemberLogged"/> for log lines runbooks warn about (cluster ID mismatch, removed member,
/// rejected removed peer, Raft panic), <see cref="ProcessExited"/> when etcd exits by itself, and the
/// background writers' results.
/// </remarks>
public sealed partial class DockerClusterTarget : IClusterTarget
{
    private readonly DockerTargetOptions _options;
    private readonly DockerEngine _engine;
    private readonly LoopbackSlot _slot;
    private readonly string _image;
    private readonly Stopwatch _clock = new();
    private readonly ConcurrentDictionary<string, BackgroundWriter> _writers = new(StringComparer.Ordinal);
    private EtcdCluster? _cluster;
    private ClusterSpec? _spec;
    private IRunRecorder? _recorder;
    private bool _disposed;

    private DockerClusterTarget(DockerTargetOptions options, DockerEngine engine, LoopbackSlot slot, string image)
    {
        _options = options;
        _engine = engine;
        _slot = slot;
        _image = image;
    }

    /// <summary>Connects to Docker, removes leftovers of dead runs, makes sure the etcd image exists and
    /// takes a loopback slot.</summary>
    /// <exception cref="EnvironmentException">No Docker engine answers (the message says how to start one),
    /// the image cannot be had, or no slot is free.</exception>
    public static async Task<DockerClusterTarget> CreateAsync(DockerTargetOptions? options = null, CancellationToken ct = default)
    {
        options ??= new DockerTargetOptions();
        var engine = await DockerEngine.ConnectAsync(options.DockerEndpoint, ct: ct);
        try
        {
            if (options.Reap) await ResourceReaper.ReapAsync(engine, options.DataRoot, ct);
            var image = options.Image ?? await EtcdImage.DefaultNameAsync(ct);
            await EtcdImage.EnsureAsync(engine, image, ct);
            var slot = LoopbackSlot.Acquire(options.DataRoot, options.LoopbackSlot);
            return new DockerClusterTarget(options, engine, slot, image);
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public string Kind => "docker";

    /// <inheritdoc />
    public TimeSpan Now => _clock.Elapsed;

    /// <summary>The run's loopback slot S: its hosts must live in 127.S.0.0/16, its members run as the slot's uids.</summary>
    public LoopbackSlot Slot => _slot;

    /// <summary>The image the members run.</summary>
    public string Image => _image;

    /// <summary>The containers behind the hosts (after <see cref="InitializeAsync"/>).</summary>
    public EtcdCluster Cluster => _cluster ?? throw new InvalidOperationException("the docker target is not initialized; call InitializeAsync first");

    /// <summary>Moves a scenario address into this run's slot: 127.a.x.y becomes 127.S.x.y.</summary>
    /// <exception cref="InputException"><paramref name="ip"/> is not in 127.0.0.0/8.</exception>
    public string Rebase(string ip) => _slot.Rebase(ip);

    /// <inheritdoc />
    public async Task InitializeAsync(ClusterSpec spec, IRunRecorder recorder, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_cluster is not null) throw new InvalidOperationException($"the docker target already runs {_spec!.RunId}; create one target per run");
        foreach (var host in spec.Hosts)
        {
            LoopbackAddress.Parse(host.Ip);
            if (!_slot.Contains(host.Ip))
                throw new InputException(
                    $"Host {host.Name} has address {host.Ip}, outside this run's {_slot}. Two runs at once must not share addresses: "
                    + $"move the scenario's addresses into the slot with DockerClusterTarget.Rebase ({host.Ip} -> {_slot.Rebase(host.Ip)}).");
        }

        _spec = spec;
        _recorder = recorder;
        EtcdCluster cluster;
        try
        {
            cluster = new EtcdClusterBuilder()
                .WithRunId(spec.RunId)
                .WithHosts(spec.Hosts)
                .WithImage(_image)
                .WithDataRoot(_options.DataRoot)
                .WithDockerEngine(_engine)
                .WithLoopbackSlot(_slot)
                .WithReaper(false)
                .WithInsideNetwork(_options.InsideNetwork)
                .Build();
        }
        catch (ArgumentException e)
        {
            throw new InputException($"The docker target cannot run these hosts: {e.Message}.");
        }
        cluster.LineLogged += (container, line) =>
        {
            if (line.Kind is { } kind) recorder.Record(new MemberLogged(container.Host, kind, line.Text));
        };
        cluster.ProcessExited += (container, state) =>
            recorder.Record(new ProcessExited(container.Host, state.ExitCode ?? -1, state.ExitError ?? ""));
        _cluster = cluster;
        await cluster.InitializeAsync(ct);
        _clock.Restart();
    }

    /// <inheritdoc />
    public Task DelayAsync(TimeSpan duration, CancellationToken ct) => Task.Delay(duration, ct);

    /// <summary>Stops the writers and removes every container, host disk and firewall rule of the run;
    /// releases the slot. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await Task.WhenAll(_writers.Values.Select(w => w.StopAsync()));
        if (_cluster is not null) await _cluster.DisposeAsync();
        _slot.Dispose();
        _engine.Dispose();
    }

    private EtcdContainer Host(string host) => Cluster[host];
}
