using Akka.Actor;
using EtcdLab.Core.Events;
using EtcdLab.Core.Recording;
using EtcdLab.Core.Targets;
using EtcdLab.Sim.Network;
using EtcdLab.Sim.Raft;
using EtcdLab.Sim.Server;
using EtcdLab.Sim.Simulation;

namespace EtcdLab.Sim.Hosts;

/// <summary>
/// One simulated host: its disk, its address and the etcd process on it (an
/// <see cref="EtcdServer"/> while it runs). All peer traffic leaves through the network actor;
/// timers are events in the simulator's queue that come back as <see cref="HostProtocol.Timer"/>.
/// </summary>
/// <remarks>
/// A paused process neither receives, sends nor fires timers; messages sent to it are lost. (TCP
/// would buffer them, but once a pause outlasts the election timeout, as the pauses runbooks care
/// about do, the buffered heartbeats and votes are stale and change nothing.) Its raft deadlines
/// move by the length of the pause, as a frozen ticker counts no ticks.
/// </remarks>
internal sealed class HostActor : UntypedActor, IServerHost
{
    private readonly string _name;
    private readonly Simulator _sim;
    private readonly IActorRef _network;
    private readonly IRunRecorder _recorder;
    private readonly Action<string, int, string> _exited;
    private readonly Prng _rng;
    private readonly HostDisk _disk = new();
    private readonly HostRaftWatch _watch;

    private string _ip;
    private ProcessState _process = ProcessState.NotStarted;
    private string? _exitError;
    private EtcdConfig? _config;
    private EtcdServer? _server;
    private int _incarnation;
    private long _timerAt = long.MaxValue;
    private long _pausedAt;

    /// <summary>A start whose process has not finished booting: until then it neither listens nor runs raft.</summary>
    private HostProtocol.StartProcess? _booting;

    /// <summary>The peer TLS the running process was started with (its files as they were then).</summary>
    private Core.Certificates.PeerTlsConfig? _peerTls;
    private (int Code, string Error)? _exitRequested;
    private bool _viewDirty;
    private string? _deliveryFrom;
    private (long CallId, IActorRef ReplyTo, long Deadline)? _stopping;

    /// <param name="name">Host name.</param>
    /// <param name="ip">Address at the start.</param>
    /// <param name="sim">The simulator.</param>
    /// <param name="network">The network actor.</param>
    /// <param name="recorder">Where the member's log lines go.</param>
    /// <param name="exited">Told (host, exit code, error) when etcd exits by itself; the target records it.</param>
    /// <param name="rng">The host's generator.</param>
    public HostActor(string name, string ip, Simulator sim, IActorRef network, IRunRecorder recorder, Action<string, int, string> exited, Prng rng)
    {
        _name = name;
        _ip = ip;
        _sim = sim;
        _network = network;
        _recorder = recorder;
        _exited = exited;
        _rng = rng;
        _watch = new HostRaftWatch(name, recorder, sim);
    }

    public static Props Props(string name, string ip, Simulator sim, IActorRef network, IRunRecorder recorder, Action<string, int, string> exited, Prng rng) =>
        Akka.Actor.Props.Create(() => new HostActor(name, ip, sim, network, recorder, exited, rng)).WithDispatcher(SynchronousDispatcherConfigurator.Id);

    private IActorRef _self = ActorRefs.Nobody;

    protected override void PreStart()
    {
        _self = Self;
        PublishHost();
    }

    protected override void OnReceive(object message)
    {
        try
        {
            Handle(message);
            AfterServerCall();
            ScheduleTimer();
        }
        catch (Exception e)
        {
            // An actor on the calling thread must not throw into Akka's supervision (another thread).
            _sim.ReportFault(e);
        }
    }

    private bool Serving => _process == ProcessState.Running && _server is { IsReady: true, IsStopped: false };

    private void Handle(object message)
    {
        switch (message)
        {
            case HostProtocol.Timer t:
                if (t.Incarnation != _incarnation || t.At != _timerAt || _process != ProcessState.Running || _server is null) return;
                _timerAt = long.MaxValue;
                try
                {
                    _server.OnTimer();
                }
                catch (RaftPanicException panic)
                {
                    Panicked(panic);
                }
                break;
            case HostProtocol.PeerDelivery d:
                if (d.Incarnation != _incarnation || _process != ProcessState.Running || _server is null) return;
                _deliveryFrom = d.FromHost;
                try
                {
                    _server.OnPeerMessage(d.Envelope);
                }
                catch (RaftPanicException panic)
                {
                    Panicked(panic);
                }
                _deliveryFrom = null;
                break;
            case HostProtocol.PeerRejected r:
                if (r.Incarnation == _incarnation && _process == ProcessState.Running) RunServer(s => s.OnPeerRejected(r.Rejection));
                break;
            case HostProtocol.PeerStreamClosed sc:
                if (sc.Incarnation == _incarnation && _process == ProcessState.Running) RunServer(s => s.OnPeerStreamClosed(sc.Peer));
                break;
            case HostProtocol.PeerConnectivity c:
                if (c.Incarnation == _incarnation && _process == ProcessState.Running) RunServer(s => s.OnConnectivity(c.ActiveSince, c.Reachable));
                break;
            case HostProtocol.Client c:
                if (_process != ProcessState.Running || _server is null) return; // paused or gone: the request is lost
                RunServer(s => s.HandleClient(c.Op, result => c.ReplyTo.Tell(new HostProtocol.Reply(c.CallId, result))));
                break;
            case HostProtocol.Observe o:
                o.ReplyTo.Tell(new HostProtocol.Reply(o.CallId, Observation()));
                break;
            case HostProtocol.StartProcess s:
                s.ReplyTo.Tell(new HostProtocol.Reply(s.CallId, Start(s)));
                break;
            case HostProtocol.Booted b:
                if (b.Incarnation == _incarnation && _process == ProcessState.Running && _booting is { } start)
                {
                    _booting = null;
                    Boot(start);
                }
                break;
            case HostProtocol.StopProcess s:
                Stop(s);
                break;
            case HostProtocol.PauseProcess p:
                p.ReplyTo.Tell(new HostProtocol.Reply(p.CallId, Pause()));
                break;
            case HostProtocol.ResumeProcess r:
                r.ReplyTo.Tell(new HostProtocol.Reply(r.CallId, Resume()));
                break;
            case HostProtocol.SetIp ip:
                ip.ReplyTo.Tell(new HostProtocol.Reply(ip.CallId, SetIp(ip.Ip)));
                break;
            case HostProtocol.RemoveDirectory rm:
                rm.ReplyTo.Tell(new HostProtocol.Reply(rm.CallId, RemoveDirectory(rm.Path)));
                break;
            case HostProtocol.CopyDirectory cp:
                cp.ReplyTo.Tell(new HostProtocol.Reply(cp.CallId, CopyDirectory(cp.From, cp.To)));
                break;
            case HostProtocol.ReadFile rf:
                rf.ReplyTo.Tell(new HostProtocol.Reply(rf.CallId,
                    _disk.ReadFile(rf.Path) ?? new HostProtocol.HostActionFailed($"{_name}: {rf.Path}: No such file or directory")));
                break;
            case HostProtocol.WriteFile wf:
                _disk.WriteFile(wf.Path, wf.Content);
                wf.ReplyTo.Tell(new HostProtocol.Reply(wf.CallId, null));
                break;
            case HostProtocol.RestoreSnapshot rs:
                rs.ReplyTo.Tell(new HostProtocol.Reply(rs.CallId, SnapshotRestore.Run(_disk, rs.Request)));
                break;
            case HostProtocol.Backup bk:
                bk.ReplyTo.Tell(new HostProtocol.Reply(bk.CallId, V2Backup.Run(_disk, bk.Request, bk.UnixMicros)));
                break;
        }
    }

    // ---- the process --------------------------------------------------------------------------------

    /// <summary>Launches etcd: the process runs at once, but it listens and starts its server only
    /// after <see cref="SimulationOptions.ProcessBootMicros"/>, as a real process boots.</summary>
    private object? Start(HostProtocol.StartProcess s)
    {
        if (_process is ProcessState.Running or ProcessState.Paused)
            return new HostProtocol.HostActionFailed($"etcd already runs on {_name}; stop it before starting it again");
        _incarnation++;
        _timerAt = long.MaxValue;
        _exitError = null;
        _exitRequested = null;
        _config = EtcdConfig.From(s.Flags);
        _peerTls = s.PeerTls;
        _process = ProcessState.Running;
        _booting = s;
        PublishHost();
        var boot = _config.Refused is null ? _sim.Options.ProcessBootMicros : _sim.Options.RefusedFlagsExitMicros;
        _sim.ScheduleAfter(boot, new TellEvent(Self, new HostProtocol.Booted(_incarnation)));
        return null;
    }

    private void Boot(HostProtocol.StartProcess s)
    {
        PublishHost();
        var ctx = new StartContext(
            _ip,
            path => _disk.DataDirAt(path),
            (path, dir) => _disk.SaveDataDir(path, dir),
            url => s.PeerAnswers.GetValueOrDefault(url));
        try
        {
            var (server, exit) = EtcdServer.Start(_config!, ctx, this, _rng.Fork(), _sim.Options);
            if (exit is not null)
            {
                Exited(exit.Code, exit.Line);
                return;
            }
            _server = server;
        }
        catch (RaftPanicException panic)
        {
            Panicked(panic);
            return;
        }
        _viewDirty = true;
    }

    private void Stop(HostProtocol.StopProcess s)
    {
        if (_process is not (ProcessState.Running or ProcessState.Paused))
        {
            s.ReplyTo.Tell(new HostProtocol.Reply(s.CallId, null));
            return;
        }
        if (!s.Kill && _process == ProcessState.Running && _server is { } server && _stopping is null)
        {
            // etcd's graceful stop moves leadership away first (EtcdServer.Stop → TransferLeadership).
            var transferring = false;
            RunServer(x => transferring = x.BeginGracefulStop());
            if (transferring && _server is not null)
            {
                _stopping = (s.CallId, s.ReplyTo, _sim.NowMicros + server.Config.RequestTimeoutMicros);
                return;
            }
        }
        Terminate(ProcessState.Stopped);
        s.ReplyTo.Tell(new HostProtocol.Reply(s.CallId, null));
    }

    private void CheckGracefulStop()
    {
        if (_stopping is not { } stopping) return;
        var done = _server is null || _process != ProcessState.Running
            || (_server.Raft.Lead != RaftNode.None && _server.Raft.Lead != _server.MemberId)
            || _sim.NowMicros >= stopping.Deadline;
        if (!done) return;
        _stopping = null;
        if (_process is ProcessState.Running or ProcessState.Paused) Terminate(ProcessState.Stopped);
        stopping.ReplyTo.Tell(new HostProtocol.Reply(stopping.CallId, null));
    }

    private void Terminate(ProcessState state)
    {
        _server = null;
        _booting = null;
        _process = state;
        _timerAt = long.MaxValue;
        PublishHost();
    }

    private object? Pause()
    {
        if (_process != ProcessState.Running)
            return new HostProtocol.HostActionFailed($"cannot pause etcd on {_name}: it is {_process.Describe()}");
        _process = ProcessState.Paused;
        _pausedAt = _sim.NowMicros;
        PublishHost();
        return null;
    }

    private object? Resume()
    {
        if (_process != ProcessState.Paused)
            return new HostProtocol.HostActionFailed($"cannot resume etcd on {_name}: it is {_process.Describe()}, not paused");
        _process = ProcessState.Running;
        _timerAt = long.MaxValue;
        PublishHost();
        var paused = _sim.NowMicros - _pausedAt;
        if (_booting is not null) _sim.ScheduleAfter(0, new TellEvent(Self, new HostProtocol.Booted(_incarnation)));
        RunServer(s => s.OnResume(paused));
        return null;
    }

    private object? SetIp(string ip)
    {
        if (_process is ProcessState.Running or ProcessState.Paused)
            return new HostProtocol.HostActionFailed($"cannot move {_name} to {ip} while etcd runs on it");
        _ip = ip;
        PublishHost();
        return null;
    }


    // Whether a path may be touched while etcd runs is the target's rule (ClusterTargetBase), not the disk's.
    private object? RemoveDirectory(string path)
    {
        _disk.Remove(path);
        return null;
    }

    private object? CopyDirectory(string from, string to) =>
        _disk.Copy(from, to) ? null : new HostProtocol.HostActionFailed($"cp: cannot stat '{from}': No such file or directory (on {_name}).");

    private HostObservation Observation()
    {
        var serving = Serving;
        var status = serving ? _server!.Status() : null;
        var members = serving && !status!.IsLearner ? _server!.Members : null;
        return new HostObservation(_name, _ip, _process, _exitError, status, members);
    }

    // ---- server plumbing --------------------------------------------------------------------------

    private void RunServer(Action<EtcdServer> action)
    {
        if (_server is null) return;
        try
        {
            action(_server);
        }
        catch (RaftPanicException panic)
        {
            Panicked(panic);
        }
    }

    private void Panicked(RaftPanicException panic)
    {
        _recorder.Record(new MemberLogged(_name, MemberLogKind.Panic, panic.Message));
        Exited(2, panic.Message);
    }

    private void Exited(int code, string error)
    {
        _exitError = error;
        Terminate(ProcessState.Exited);
        _exited(_name, code, error);
    }

    private void AfterServerCall()
    {
        if (_exitRequested is null && !_viewDirty && _stopping is null) return;
        if (_exitRequested is { } exit)
        {
            _exitRequested = null;
            if (_process is ProcessState.Running or ProcessState.Paused) Exited(exit.Code, exit.Error);
        }
        if (_viewDirty)
        {
            _viewDirty = false;
            PublishHost();
        }
        CheckGracefulStop();
    }

    private void ScheduleTimer()
    {
        if (_server is null || _process != ProcessState.Running) return;
        var at = _server.NextTimerAt;
        if (_stopping is { } stopping) at = Math.Min(at, stopping.Deadline);
        if (at >= _timerAt || at == long.MaxValue) return;
        _timerAt = Math.Max(at, _sim.NowMicros);
        _sim.ScheduleAt(_timerAt, new TellEvent(Self, new HostProtocol.Timer(_incarnation, _timerAt)));
    }

    private void PublishHost()
    {
        var running = _process is ProcessState.Running or ProcessState.Paused;
        _network.Tell(new NetworkProtocol.HostChanged(
            _name,
            _ip,
            _incarnation,
            running,
            _process == ProcessState.Paused,
            running && _booting is null && _config is not null ? _config.ListenPeerUrls : [],
            running && _booting is null && _config is not null ? _config.ListenClientUrls : [],
            running ? _server?.View : null,
            running ? _booting?.PeerTls ?? _peerTls : null));
    }

    // ---- IServerHost ------------------------------------------------------------------------------

    long IServerHost.NowMicros => _sim.NowMicros;

    long IServerHost.UnixSeconds => _sim.Clock.UnixSeconds;

    void IServerHost.SendPeer(PeerEnvelope envelope) => _network.Tell(envelope, _self);

    // A TestProbe standing in for the network answers no peer URL.
    bool IServerHost.PeerServes(string peerUrl) => _network is NetworkRef { Network: var network } && network.PeerServes(_name, peerUrl);

    void IServerHost.RejectPeer(PeerEnvelope refused, PeerRejection rejection)
    {
        if (_deliveryFrom is { } from) _network.Tell(new NetworkProtocol.RejectPeer(_name, from, rejection));
    }

    void IServerHost.Log(MemberLogKind kind, string text) => _recorder.Record(new MemberLogged(_name, kind, text));

    void IServerHost.Exit(int exitCode, string error) => _exitRequested = (exitCode, error);

    void IServerHost.ViewChanged() => _viewDirty = true;

    ISimulationMonitor? IServerHost.Monitor => _watch;
}
