using Akka.Actor;
using Akka.Configuration;
using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Recording;
using EtcdLab.Core.Targets;
using EtcdLab.Sim.Clients;
using EtcdLab.Sim.Hosts;
using EtcdLab.Sim.Network;
using EtcdLab.Sim.Simulation;

namespace EtcdLab.Sim;

/// <summary>
/// Simulated hosts that behave like etcd 3.4 members, in virtual time. Every call runs the
/// simulation on the calling thread until its answer arrives (or its virtual deadline passes) and
/// returns a completed task; the same seed and the same calls give the same events.
/// </summary>
public sealed partial class SimulatedClusterTarget : ClusterTargetBase
{
    private readonly SimulationOptions _options;
    private readonly Dictionary<string, IActorRef> _hosts = new(StringComparer.Ordinal);
    private readonly List<string> _hostOrder = [];
    private readonly Dictionary<string, BackgroundWriter> _writers = new(StringComparer.Ordinal);
    private Simulator? _sim;
    private ActorSystem? _system;
    private SimNetwork? _network;
    private IActorRef _networkRef = ActorRefs.Nobody;
    private SimClient? _client;

    /// <summary>Creates a target; nothing exists until <see cref="ClusterTargetBase.InitializeAsync"/>.</summary>
    public SimulatedClusterTarget(SimulationOptions? options = null) => _options = options ?? new SimulationOptions();

    /// <inheritdoc />
    public override string Kind => "sim";

    /// <inheritdoc />
    public override TimeSpan Now => _sim?.Clock.Now ?? TimeSpan.Zero;

    /// <summary>The date virtual time 0 stands for on every simulated host's clock: fixed, so that
    /// certificates made in a run, and the events that record their validity, are the same per seed.</summary>
    public static readonly DateTimeOffset ClockEpoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <inheritdoc />
    public override DateTimeOffset HostClock => ClockEpoch + Now;

    /// <summary>The credentials the harness's clients present on https client URLs, null before any.</summary>
    internal ClientCredentials? ClientCredentials { get; private set; }

    /// <inheritdoc />
    public override Task UseClientCredentialsAsync(ClientCredentials credentials, CancellationToken ct)
    {
        ClientCredentials = credentials;
        return Task.CompletedTask;
    }

    /// <summary>How much the simulation has done so far.</summary>
    public SimulationStats Stats => _sim is null
        ? new SimulationStats(0, TimeSpan.Zero, 0, 0)
        : new SimulationStats(_sim.EventsProcessed, _sim.Clock.Now, _sim.PeerMessagesSent, _sim.PeerMessagesDropped);

    /// <summary>Attaches an observer of raft internals (tests); call after <see cref="ClusterTargetBase.InitializeAsync"/>.</summary>
    internal ISimulationMonitor? Monitor
    {
        get => _sim?.Monitor;
        set => Sim.Monitor = value;
    }

    private Simulator Sim => _sim ?? throw new InvalidOperationException("the simulated target is not initialised: call InitializeAsync first");

    private static long Micros(TimeSpan t) => t.Ticks / 10;

    /// <inheritdoc />
    /// <remarks>The scenario's addresses as they are, unless <see cref="SimulationOptions.LoopbackSlot"/>
    /// asks for the slot another target used (to compare the two runs address for address).</remarks>
    protected override Task<AddressMap> ReserveAddressesAsync(ClusterSpec spec, CancellationToken ct) =>
        Task.FromResult(new AddressMap(_options.LoopbackSlot));

    /// <inheritdoc />
    protected override Task InitializeCoreAsync(ClusterSpec spec, CancellationToken ct)
    {
        var recorder = Recorder;
        _sim = new Simulator(spec.Seed, _options);
        _ownsSystem = !_options.ShareActorSystem;
        _system = _ownsSystem ? CreateActorSystem() : SharedSystem.Value;
        _network = new SimNetwork(_sim);
        _client = new SimClient(_sim);
        var network = _network;
        var sim = _sim;
        var client = _client;
        foreach (var host in spec.Hosts)
        {
            _network.AddHost(host.Name);
            _hosts[host.Name] = ActorRefs.Nobody;
            _hostOrder.Add(host.Name);
        }

        void Build(IActorContext context)
        {
            _networkRef = new NetworkRef(network, sim, ((ExtendedActorSystem)context.System).Provider, context.Self.Path / "network");
            client.Inbox = context.ActorOf(Props.Create(() => new ClientInboxActor(client, sim)).WithDispatcher(SynchronousDispatcherConfigurator.Id), "clients");
            foreach (var host in spec.Hosts)
            {
                var actor = context.ActorOf(HostActor.Props(host.Name, host.Ip, sim, _networkRef, recorder, ReportExited, sim.Random.Fork()), ActorName(host.Name));
                network.BindActor(host.Name, actor);
                _hosts[host.Name] = actor;
            }
        }

        using var built = new ManualResetEventSlim();
        Action<IActorContext> build = Build;
        Action<Exception> fault = sim.ReportFault;
        _root = _system.ActorOf(Props.Create(() => new SimRootActor(build, built, fault)).WithDispatcher(SynchronousDispatcherConfigurator.Id),
            $"sim-{Interlocked.Increment(ref _instances)}");
        built.Wait(ct);
        sim.ReportFaultIfAny();
        return Task.CompletedTask;
    }

    private static string ActorName(string host) => "host-" + Uri.EscapeDataString(host);

    private static readonly Lazy<ActorSystem> SharedSystem = new(CreateActorSystem, LazyThreadSafetyMode.ExecutionAndPublication);
    private static long _instances;
    private bool _ownsSystem;
    private IActorRef _root = ActorRefs.Nobody;

    private static ActorSystem CreateActorSystem() => ActorSystem.Create("etcdlab-sim", ConfigurationFactory.ParseString(SynchronousDispatcherConfigurator.Hocon + """

        akka {
          loglevel = WARNING
          stdout-loglevel = WARNING
          log-dead-letters = off
          log-dead-letters-during-shutdown = off
          # A shared system lives as long as the process; it must not hold the process up at exit.
          coordinated-shutdown.run-by-clr-shutdown-hook = off
        }
        """));

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        if (_system is null) return;
        if (_ownsSystem) await _system.Terminate().ConfigureAwait(false);
        else _system.Stop(_root);
        _system = null;
    }

    // ---- time and observation ---------------------------------------------------------------------

    /// <inheritdoc />
    public override Task DelayAsync(TimeSpan duration, CancellationToken ct)
    {
        RunUntil(Sim.NowMicros + Micros(duration), ct);
        return Task.CompletedTask;
    }

    /// <summary>Runs events up to <paramref name="untilMicros"/> in slices, honouring cancellation between them.</summary>
    private void RunUntil(long untilMicros, CancellationToken ct)
    {
        var sim = Sim;
        while (sim.NowMicros < untilMicros)
        {
            ct.ThrowIfCancellationRequested();
            sim.RunUntil(Math.Min(untilMicros, sim.NowMicros + 1_000_000));
        }
    }

    /// <summary>Runs events until <paramref name="done"/> holds (something scheduled guarantees it will).</summary>
    private void RunUntil(Func<bool> done, CancellationToken ct)
    {
        var sim = Sim;
        var steps = 0;
        while (!done())
        {
            if ((++steps & 0xFFF) == 0) ct.ThrowIfCancellationRequested();
            if (!sim.Step()) throw new InvalidOperationException("the simulation ran out of events before an answer arrived");
        }
    }

    /// <inheritdoc />
    /// <remarks>An observation takes the virtual time a Docker observation takes and reports what it
    /// would (see <see cref="SimulationOptions.ObserveProcessStateMicros"/>): every host's process state
    /// first, then a Status and a MemberList call to each member that runs. A call to a member that
    /// boots or listens but does not serve clients yet is held until it serves, up to
    /// <see cref="SimulationOptions.ObserveAnswerTimeoutMicros"/>, as a real Status call is.</remarks>
    public override Task<ClusterObservation> ObserveAsync(CancellationToken ct)
    {
        RunUntil(Sim.NowMicros + _options.ObserveProcessStateMicros, ct);
        var processes = ObserveAll();
        RunUntil(Sim.NowMicros + CallMicros(processes), ct);
        var observations = ObserveAll();
        var deadline = Sim.NowMicros + _options.ObserveAnswerTimeoutMicros;
        while (observations.Any(HeldAnswer) && Sim.NowMicros < deadline)
        {
            RunUntil(Math.Min(deadline, Sim.NowMicros + HeldAnswerPollMicros), ct);
            observations = ObserveAll();
        }
        return Task.FromResult(new ClusterObservation(AsAnswered(processes, observations)));
    }

    /// <summary>How long the Status and MemberList calls to the serving members take, all at once: the
    /// longer of two round trips over the client delays, plus <see cref="SimulationOptions.ObserveCallMicros"/>.
    /// Members log, elect and exit meanwhile, so what they print lands in the same step on both targets.</summary>
    private long CallMicros(HostObservation[] hosts)
    {
        var rng = _observeRng ??= Sim.Random.Fork();
        long RoundTrip() => rng.NextLong(_options.ClientDelayMinMicros, _options.ClientDelayMaxMicros)
            + rng.NextLong(_options.ClientDelayMinMicros, _options.ClientDelayMaxMicros);
        var serving = hosts.Count(h => h.Process == ProcessState.Running && h.Serving);
        var calls = 0L;
        for (var i = 0; i < serving; i++) calls = Math.Max(calls, Math.Max(RoundTrip(), RoundTrip()) + _options.ObserveCallMicros);
        return calls;
    }

    /// <summary>Each host as the Docker target reports it: the process state the engine gave, with what
    /// the member answered afterwards; a process that ended while it was called shows as running
    /// without an answer (its exit shows in the next observation and in its ProcessExited event).</summary>
    private static HostObservation[] AsAnswered(HostObservation[] processes, HostObservation[] answers) =>
        processes.Zip(answers, (p, a) => p.Process == ProcessState.Running && a.Process != ProcessState.Running
            ? p with { Status = null, Members = null }
            : a).ToArray();

    /// <summary>Client delays of observation calls: a stream of its own, forked at the first observation,
    /// so that how often a run observes changes no other component's draws.</summary>
    private Prng? _observeRng;

    /// <summary>How often a held observation looks again whether the member became ready (5 ms: well
    /// under an election timeout, and few enough looks to keep observations cheap).</summary>
    private const long HeldAnswerPollMicros = 5_000;

    /// <summary>True when a Status call to the host would be held: etcd listens but is not ready yet,
    /// or it still boots. A real etcd opens its client listener 10-20 ms after launch, before the
    /// Docker target's start call has returned and the observation has asked the engine, so on the
    /// Docker lab the first observation after a start was held until the member served (46-84 ms
    /// after a restart) or for the whole observe timeout (a member that never joins).</summary>
    private bool HeldAnswer(HostObservation h) =>
        h.Process == ProcessState.Running && !h.Serving
        && _network!.ClientEndpointHost(HostSpec.ClientUrl(h.Ip)) is var listener && (listener == h.Host || listener is null);

    private HostObservation[] ObserveAll() =>
        _hostOrder.Select(h => (HostObservation)Command(h, (id, inbox) => new HostProtocol.Observe(id, inbox))!).ToArray();

    // ---- writers ----------------------------------------------------------------------------------

    /// <inheritdoc />
    protected override Task StartWriterCoreAsync(WriterSpec spec, CancellationToken ct)
    {
        var writer = new BackgroundWriter(spec, Sim, Recorder, (host, op, timeout, onComplete) =>
        {
            var endpoint = HostSpec.ClientUrl(_network!.IpOf(host));
            if (_network.ClientEndpointHost(endpoint) is not { } target) return null;
            return _client!.Send(_hosts[target], target, op, timeout, onComplete);
        });
        _writers[spec.Name] = writer;
        writer.Start();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override Task StopWriterCoreAsync(string writer, CancellationToken ct)
    {
        var w = _writers[writer];
        w.Stop();
        RunUntil(() => !w.InFlight, ct);
        return Task.CompletedTask;
    }

    // ---- plumbing ---------------------------------------------------------------------------------

    private IActorRef HostRef(string host) =>
        _hosts.TryGetValue(host, out var actor)
            ? actor
            : throw new HostActionException(host, $"unknown host {host}: the scenario declares {string.Join(", ", _hostOrder)}");

    /// <summary>Sends a host command and runs the simulation until its reply arrives.</summary>
    private object? Command(string host, Func<long, IActorRef, object> message, CancellationToken ct = default)
    {
        var actor = HostRef(host);
        var client = _client!;
        var id = client.NextCallId();
        actor.Tell(message(id, client.Inbox));
        Sim.ReportFaultIfAny();
        object? result = null;
        RunUntil(() => client.TryTakeCommandReply(id, out result), ct);
        return result;
    }

    /// <summary>A host command whose failure is a <see cref="HostActionException"/>.</summary>
    private object? HostAction(string host, Func<long, IActorRef, object> message, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var result = Command(host, message, ct);
        if (result is HostProtocol.HostActionFailed failed) throw new HostActionException(host, failed.Message);
        return result;
    }
}
