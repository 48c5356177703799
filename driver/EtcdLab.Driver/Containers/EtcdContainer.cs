using EtcdLab.Core.Hygiene;
using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;
using EtcdLab.Core.Events;
using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Targets;
using EtcdLab.Driver.Docker;
using EtcdLab.Driver.Logs;
using EtcdLab.Driver.Reaper;
using EtcdLab.Driver.Storage;

namespace EtcdLab.Driver.Containers;

/// <summary>
/// One host of a cluster and the etcd process on it. Every start creates a fresh container (host
/// networking, the host's uid, the host's disk mounted at /var/lib) with exactly the flags given;
/// the disk outlives the container. Host actions on one host are serialized.
/// </summary>
public sealed class EtcdContainer
{
    private const int LogTailLines = 200;
    private static readonly TimeSpan ExitHandlingBound = TimeSpan.FromSeconds(3);

    private readonly EtcdCluster _cluster;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Queue<string> _tail = new();
    private int _generation;
    private string? _containerId;
    private volatile bool _operatorStopped;
    private EtcdContainerState? _syntheticExit;
    private string? _lastError;
    private string? _lastCritical;
    private string? _removed;
    private string? _firstPlain;
    private bool _usagePrinted;
    private ContainerLogFollower? _follower;
    private TaskCompletionSource _exitHandled = CompletedSource();
    private TaskCompletionSource _servingPeers = CompletedSource();
    private TaskCompletionSource _startReturned = CompletedSource();
    private int _toolRuns;
    private readonly SemaphoreSlim _shellGate = new(1, 1);
    private readonly Lock _shellLock = new();
    private string? _shellId;
    private bool _shellsClosed;

    internal EtcdContainer(EtcdCluster cluster, int index, string host, string ip, int uid)
    {
        _cluster = cluster;
        Index = index;
        Host = host;
        Ip = ip;
        Uid = uid;
    }

    /// <summary>Host name (also the container name's suffix).</summary>
    public string Host { get; }

    /// <summary>Position of the host in the cluster; picks its uid within the slot.</summary>
    public int Index { get; }

    /// <summary>The uid etcd runs as on this host; partitions select the host's traffic by it.</summary>
    public int Uid { get; }

    /// <summary>The host's current loopback address.</summary>
    public string Ip { get; private set; }

    /// <summary>The conventional client URL at the current address.</summary>
    /// <remarks><c>https</c> when the latest start listens for clients over TLS.</remarks>
    public string ClientUrl => HostSpec.ClientUrl(Ip, HostSpec.HasTls(Flags?.Get("listen-client-urls")));

    /// <summary>The conventional peer URL at the current address.</summary>
    public string PeerUrl => HostSpec.PeerUrl(Ip);

    /// <summary>The flags of the latest start, null before the first.</summary>
    public EtcdFlags? Flags { get; private set; }

    /// <summary>True once a process was started on the host (its container exists, running or not).</summary>
    public bool HasContainer => _containerId is not null || _syntheticExit is not null;

    /// <summary>The Docker id of the host's current container.</summary>
    public string? ContainerId => _containerId;

    /// <summary>The data dir the latest start uses (normalized, under /var/lib), null before the first start.</summary>
    public string? DataDirectory => Flags is null ? null : DataDirectoryOf(Flags);

    /// <summary>The last lines the host's processes printed, oldest first.</summary>
    public IReadOnlyList<string> RecentLog
    {
        get { lock (_tail) return _tail.ToArray(); }
    }

    internal event Action<EtcdContainer, EtcdLogLine>? LineLogged;

    /// <summary>Raised when etcd exits without an operator stopping it; never before the start that
    /// launched it has returned.</summary>
    internal event Action<EtcdContainer, EtcdContainerState>? ExitedByItself;

    private DockerClient Docker => _cluster.Engine.Client;

    /// <summary>Starts etcd with exactly <paramref name="flags"/> in a new container; returns once the
    /// process runs. Listening on an address that is not the host's fails as on a real machine
    /// (<c>bind: cannot assign requested address</c>, the process exits).</summary>
    /// <exception cref="HostActionException">etcd already runs on the host, or the flags cannot work on a shared loopback.</exception>
    public async Task StartAsync(EtcdFlags flags, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await StartCoreAsync(flags, ct);
        }
        finally
        {
            _gate.Release();
            _startReturned.TrySetResult();
        }
    }

    /// <summary>Creates the container of a start without starting it, so that a bootstrap can prepare
    /// every member before it starts any.</summary>
    /// <returns>False when the start already failed as etcd would (nothing to launch).</returns>
    internal async Task<bool> CreateAsync(EtcdFlags flags, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        var created = false;
        try
        {
            return created = await CreateCoreAsync(flags, ct);
        }
        finally
        {
            _gate.Release();
            // Nothing to launch: the start is over (and may report its exit).
            if (!created) _startReturned.TrySetResult();
        }
    }

    /// <summary>Starts the container <see cref="CreateAsync"/> created.</summary>
    internal async Task LaunchAsync(CancellationToken ct)
    {
        try
        {
            await UnderGate(() => LaunchCoreAsync(ct), ct);
        }
        finally
        {
            _startReturned.TrySetResult();
        }
    }

    /// <summary>Waits (at most <paramref name="bound"/>) until etcd serves its peer port or has exited
    /// (see <see cref="EtcdCluster.StartAsync"/> for why a bootstrap needs to know).</summary>
    internal async Task WaitUntilServingPeersAsync(TimeSpan bound, CancellationToken ct) =>
        await Task.WhenAny(_servingPeers.Task, Task.Delay(bound, ct));

    /// <summary>Stops etcd with SIGTERM (<c>docker stop</c>) and waits until it has exited; nothing when it does not run.</summary>
    public Task StopAsync(CancellationToken ct) => UnderGate(() => StopCoreAsync(kill: false, ct), ct);

    /// <summary>Kills etcd with SIGKILL and waits until it is gone; nothing when it does not run.</summary>
    public Task KillAsync(CancellationToken ct) => UnderGate(() => StopCoreAsync(kill: true, ct), ct);

    /// <summary>Freezes etcd (<c>docker pause</c>): its sockets stay open but it answers nothing.</summary>
    /// <exception cref="HostActionException">etcd does not run on the host.</exception>
    public Task PauseAsync(CancellationToken ct) => UnderGate(async () =>
    {
        var state = await GetStateAsync(ct);
        if (state.Process != ProcessState.Running)
            throw new HostActionException(Host, $"Cannot pause etcd on {Host}: it is {state.Process.Describe()}. Start it first.");
        await Docker.Containers.PauseContainerAsync(_containerId!, ct);
    }, ct);

    /// <summary>Thaws a paused etcd (<c>docker unpause</c>).</summary>
    /// <exception cref="HostActionException">etcd on the host is not paused.</exception>
    public Task ResumeAsync(CancellationToken ct) => UnderGate(async () =>
    {
        var state = await GetStateAsync(ct);
        if (state.Process != ProcessState.Paused)
            throw new HostActionException(Host, $"Cannot resume etcd on {Host}: it is {state.Process.Describe()}, not paused.");
        await Docker.Containers.UnpauseContainerAsync(_containerId!, ct);
    }, ct);

    /// <summary>Gives the host the address <paramref name="newIp"/>; etcd must not run on it (an operator
    /// stops it first, see <see cref="Core.Targets.ClusterTargetBase"/>).</summary>
    /// <exception cref="HostActionException">etcd runs on the host.</exception>
    internal Task MoveAsync(string newIp, CancellationToken ct) => UnderGate(async () =>
    {
        var state = await GetStateAsync(ct);
        if (state.IsAlive)
            throw new HostActionException(Host, $"Cannot move {Host} to {newIp} while etcd runs on it ({state.Process.Describe()}); stop it first.");
        Ip = newIp;
    }, ct);

    /// <summary>The process state as Docker reports it now. For a process that exited by itself this
    /// waits (briefly) until its last log lines were read, so that <see cref="EtcdContainerState.ExitError"/> is known.</summary>
    public async Task<EtcdContainerState> GetStateAsync(CancellationToken ct)
    {
        if (_syntheticExit is { } synthetic) return synthetic;
        var id = _containerId;
        if (id is null) return EtcdContainerState.NotStarted;
        ContainerInspectResponse inspect;
        try
        {
            inspect = await Docker.Containers.InspectContainerAsync(id, ct);
        }
        catch (DockerContainerNotFoundException)
        {
            return EtcdContainerState.NotStarted;
        }

        if (inspect.State.Running) return new(inspect.State.Paused ? ProcessState.Paused : ProcessState.Running, null, null);
        if (inspect.State.Status == "created") return EtcdContainerState.NotStarted;
        var code = (int)inspect.State.ExitCode;
        if (_operatorStopped) return new(ProcessState.Stopped, code, null);
        await Task.WhenAny(_exitHandled.Task, Task.Delay(ExitHandlingBound, ct));
        return new(ProcessState.Exited, code, ExitReason);
    }

    /// <summary>Runs etcdctl once in a throw-away container of the same image, as this host's uid with
    /// this host's disk, and returns what it printed (for <c>etcdctl snapshot restore</c>, and for
    /// <c>etcdctl backup</c> with <paramref name="api"/> 2).</summary>
    internal async Task<ProcessResult> RunEtcdctlAsync(IReadOnlyList<string> args, TimeSpan timeout, CancellationToken ct, int api = 3)
    {
        var n = Interlocked.Increment(ref _toolRuns);
        var create = ContainerParameters($"{_cluster.RunId}-{Host}-etcdctl-{n}", "tool", "none", args);
        create.Entrypoint = ["/usr/bin/etcdctl"];
        create.Env = [$"ETCDCTL_API={api}"];
        string id;
        using (_cluster.TrackCreate()) id = (await Docker.Containers.CreateContainerAsync(create, ct)).ID;
        try
        {
            await Docker.Containers.StartContainerAsync(id, new ContainerStartParameters(), ct);
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
            bound.CancelAfter(timeout);
            ContainerWaitResponse wait;
            try
            {
                wait = await Docker.Containers.WaitContainerAsync(id, bound.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return new ProcessResult(124, "", $"etcdctl {string.Join(' ', args)}: no answer within {timeout.TotalSeconds:0.#} s");
            }
            using var logs = await Docker.Containers.GetContainerLogsAsync(id, tty: false,
                new ContainerLogsParameters { ShowStdout = true, ShowStderr = true }, ct);
            var (stdout, stderr) = await logs.ReadOutputToEndAsync(ct);
            return new ProcessResult((int)wait.StatusCode, stdout, stderr);
        }
        finally
        {
            await RemoveContainerQuietlyAsync(id);
        }
    }

    /// <summary>Runs the image's etcdctl with exactly <paramref name="args"/> in the host's etcdctl
    /// container (see <see cref="StartShellAsync"/>): as the host's uid, on the host's network and
    /// disk, with <paramref name="environment"/> (<c>NAME=value</c>). A command still running after
    /// <paramref name="timeout"/> is killed with the container (the next call makes a new one) and
    /// answers exit code 124, as <c>timeout(1)</c> does.</summary>
    internal async Task<ProcessResult> ExecEtcdctlAsync(IReadOnlyList<string> args, IReadOnlyList<string> environment, TimeSpan timeout, CancellationToken ct)
    {
        await _shellGate.WaitAsync(ct);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var shell = _shellId ?? await StartShellAsync(ct);
                string execId;
                try
                {
                    execId = (await Docker.Exec.ExecCreateContainerAsync(shell, new ContainerExecCreateParameters
                    {
                        Cmd = ["/usr/bin/etcdctl", .. args],
                        Env = environment.ToList(),
                        User = $"{Uid}:{Uid}",
                        WorkingDir = HostDirectories.ContainerRoot,
                        AttachStdout = true,
                        AttachStderr = true,
                    }, ct)).ID;
                }
                catch (DockerApiException) when (attempt == 1)
                {
                    // The shell container is gone (removed by hand, engine restarted): make a new one once.
                    lock (_shellLock) if (_shellId == shell) _shellId = null;
                    await RemoveContainerQuietlyAsync(shell);
                    continue;
                }

                using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
                bound.CancelAfter(timeout);
                try
                {
                    using var stream = await Docker.Exec.StartAndAttachContainerExecAsync(execId, tty: false, bound.Token);
                    var (stdout, stderr) = await stream.ReadOutputToEndAsync(bound.Token).WaitAsync(bound.Token);
                    return new ProcessResult(await ExecExitCodeAsync(execId, bound.Token), stdout, stderr);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    // Docker cannot kill one exec'd process; killing the container ends it and nothing else.
                    lock (_shellLock) if (_shellId == shell) _shellId = null;
                    await RemoveContainerQuietlyAsync(shell);
                    return new ProcessResult(124, "", $"etcdlab: etcdctl {string.Join(' ', args)} on {Host} was killed after {timeout.TotalSeconds:0.#} s without finishing\n");
                }
            }
        }
        finally
        {
            _shellGate.Release();
        }
    }

    /// <summary>The exit code of a finished exec; Docker may report the exec as running for a moment
    /// after its output ended.</summary>
    private async Task<int> ExecExitCodeAsync(string execId, CancellationToken ct)
    {
        while (true)
        {
            var inspect = await Docker.Exec.InspectContainerExecAsync(execId, ct);
            if (!inspect.Running) return (int)inspect.ExitCode;
            await Task.Delay(5, ct);
        }
    }

    /// <summary>Starts the host's etcdctl container: the image's own etcdctl kept waiting, so that each
    /// etcdctl command is a <c>docker exec</c> into it (with the host's uid, host networking and the
    /// host's disk at /var/lib, as the member's containers have).</summary>
    /// <remarks>
    /// <para>The image is FROM scratch (docker/Dockerfile): no shell, no sleep. What keeps the container
    /// alive is the image's etcdctl itself: <c>etcdctl put &lt;key&gt;</c> with one argument reads the
    /// value from stdin before it dials, and stdin stays open and empty, so it waits for ever without a
    /// connection. Its endpoint is a unix socket that does not exist, so that even an end of stdin sends
    /// nothing anywhere.</para>
    /// <para>Measured on this machine (2 shared cores, two other test runs going), per call: through the
    /// engine API, <c>etcdctl version</c> by <c>docker exec</c> into this container 119 ms, in a one-off
    /// container (create, start, wait, logs, remove, as snapshot restore runs) 690 ms, and a whole
    /// <c>member list</c> step by exec 107 ms (EtcdctlSpec prints these); from the docker CLI,
    /// <c>docker run --rm --network host</c> 430 ms and <c>docker exec</c> 120 ms. So exec it is.</para>
    /// </remarks>
    private async Task<string> StartShellAsync(CancellationToken ct)
    {
        var n = Interlocked.Increment(ref _toolRuns);
        var create = ContainerParameters($"{_cluster.RunId}-{Host}-etcdctl-{n}", "tool", "host",
            ["--endpoints=unix:///etcdlab/no-such-socket", "put", "etcdlab-shell-keepalive"]);
        create.Entrypoint = ["/usr/bin/etcdctl"];
        create.OpenStdin = true;
        // Not cancelled half-way: a create the engine completes after all would leave a container behind.
        string id;
        using (_cluster.TrackCreate()) id = (await Docker.Containers.CreateContainerAsync(create, CancellationToken.None)).ID;
        bool closed;
        lock (_shellLock)
        {
            // The run is being removed (SIGTERM while this step ran): its removal may already have looked.
            closed = _shellsClosed;
            if (!closed) _shellId = id;
        }
        if (closed)
        {
            await RemoveContainerQuietlyAsync(id);
            throw new OperationCanceledException($"the containers of {Host} are being removed");
        }
        try
        {
            await Docker.Containers.StartContainerAsync(id, new ContainerStartParameters(), ct);
        }
        catch
        {
            lock (_shellLock) if (_shellId == id) _shellId = null;
            await RemoveContainerQuietlyAsync(id);
            throw;
        }
        return id;
    }

    /// <summary>The normalized data dir <paramref name="flags"/> make etcd use: <c>--data-dir</c>, else
    /// etcd's default <c>&lt;name&gt;.etcd</c> in the working directory /var/lib.</summary>
    internal string DataDirectoryOf(EtcdFlags flags) =>
        HostDirectories.Normalize(Host, flags.Get("data-dir") ?? $"{flags.Get("name") ?? "default"}.etcd");

    /// <summary>Removes the container and stops following it; the disk stays.</summary>
    internal async Task RemoveAsync()
    {
        _operatorStopped = true;
        if (_follower is { } follower) await follower.DisposeAsync();
        if (_containerId is { } id) await RemoveContainerQuietlyAsync(id);
        string? shell;
        lock (_shellLock)
        {
            _shellsClosed = true;
            shell = _shellId;
            _shellId = null;
        }
        if (shell is not null) await RemoveContainerQuietlyAsync(shell);
    }

    private async Task StartCoreAsync(EtcdFlags flags, CancellationToken ct)
    {
        if (await CreateCoreAsync(flags, ct)) await LaunchCoreAsync(ct);
    }

    /// <summary>Creates the container of a start (the slow half of a start that needs no ordering);
    /// false when the start already failed as etcd would (a listen address the host does not have).</summary>
    private async Task<bool> CreateCoreAsync(EtcdFlags flags, CancellationToken ct)
    {
        var state = await GetStateAsync(ct);
        if (state.IsAlive)
            throw new HostActionException(Host, $"etcd already runs on {Host} ({state.Process.Describe()}); stop it before starting it again.");
        var bindFailure = CheckListenAddresses(flags);
        foreach (var dir in new[] { flags.Get("data-dir"), flags.Get("wal-dir") }.OfType<string>()) HostDirectories.Normalize(Host, dir);

        if (_follower is { } old) await old.DisposeAsync();
        if (_containerId is { } previous) await RemoveContainerQuietlyAsync(previous);
        _containerId = null;
        _syntheticExit = null;
        _follower = null;
        var generation = ++_generation;
        _operatorStopped = false;
        _lastError = null;
        _lastCritical = null;
        _removed = null;
        _firstPlain = null;
        _usagePrinted = false;
        _exitHandled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _servingPeers = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _startReturned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Flags = flags;
        AddToTail($"--- etcdlab: start {generation} on {Ip}: etcd {flags}");

        if (bindFailure is not null)
        {
            // What etcd prints when a listen address is not on the machine: the host no longer (or
            // never) owns it. On a shared loopback the bind would succeed, so the driver answers as
            // the real host would.
            var line = EtcdLogLine.Parse($"{DateTime.UtcNow:yyyy-MM-dd HH:mm:ss.ffffff} C | etcdmain: {bindFailure}");
            OnLine(generation, line);
            var exit = _syntheticExit = new EtcdContainerState(ProcessState.Exited, 1, line.Text);
            _exitHandled.TrySetResult();
            _servingPeers.TrySetResult();
            var startReturned = _startReturned.Task;
            _ = startReturned.ContinueWith(_ => ExitedByItself?.Invoke(this, exit), TaskScheduler.Default);
            return false;
        }

        var create = ContainerParameters($"{_cluster.RunId}-{Host}-{generation}", "member", "host", flags.ToArgs());
        try
        {
            using (_cluster.TrackCreate()) _containerId = (await Docker.Containers.CreateContainerAsync(create, ct)).ID;
        }
        catch (DockerApiException e)
        {
            throw StartFailed(e);
        }
        return true;
    }

    /// <summary>Starts the created container and follows its output.</summary>
    private async Task LaunchCoreAsync(CancellationToken ct)
    {
        var id = _containerId!;
        var generation = _generation;
        try
        {
            await Docker.Containers.StartContainerAsync(id, new ContainerStartParameters(), ct);
        }
        catch (DockerApiException e)
        {
            throw StartFailed(e);
        }

        var handled = _exitHandled;
        var servingPeers = _servingPeers;
        var startReturned = _startReturned.Task;
        var follower = ContainerLogFollower.Start(Docker, id, line => OnLine(generation, line));
        _follower = follower;
        _ = follower.Completion.ContinueWith(_ => OnFollowerEndedAsync(generation, id, handled, servingPeers, startReturned), TaskScheduler.Default).Unwrap();
    }

    private EtcdLabException StartFailed(DockerApiException e) => new(
        $"Docker could not start the etcd container of {Host} ({_cluster.Image}). Check that the engine runs and the image exists (scripts/ensure-docker.sh).",
        e.ResponseBody, e);

    private async Task StopCoreAsync(bool kill, CancellationToken ct)
    {
        var state = await GetStateAsync(ct);
        if (!state.IsAlive) return;
        var id = _containerId!;
        _operatorStopped = true;
        // A frozen process cannot act on SIGTERM; an operator's stop would end with SIGKILL after
        // the unit's timeout. Thawing first gives etcd its orderly shutdown.
        if (state.Process == ProcessState.Paused) await Docker.Containers.UnpauseContainerAsync(id, ct);
        if (kill)
            await Docker.Containers.KillContainerAsync(id, new ContainerKillParameters { Signal = "SIGKILL" }, ct);
        else
            await Docker.Containers.StopContainerAsync(id, new ContainerStopParameters { WaitBeforeKillSeconds = 10 }, ct);
        await Docker.Containers.WaitContainerAsync(id, ct);
    }

    /// <summary>Why the process ended: the last line it printed because it was exiting (critical,
    /// panic, a refused flag: <see cref="EtcdLogLine.EndsProcess"/>); else the line saying it was
    /// removed (a removed member may go on to log <c>etcdserver: publish error: etcdserver: request
    /// cancelled</c> while stopping, which is a consequence, not the reason); else its last error line;
    /// else the first plain line it printed before any usage text, so that an error in a shape the
    /// parser does not know still names itself.</summary>
    private string? ExitReason => _lastCritical ?? _removed ?? _lastError ?? _firstPlain;

    private void OnLine(int generation, EtcdLogLine line)
    {
        if (generation != _generation) return;
        AddToTail(line.Raw);
        if (line.IsFatalOrError) _lastError = line.Text;
        if (line.EndsProcess) _lastCritical = line.Text;
        if (line.Kind == MemberLogKind.MemberRemoved) _removed ??= line.Text;
        NotePlainLine(line);
        if (line.Text.StartsWith("embed: listening for peers on", StringComparison.Ordinal) || line.Text == "serving peer traffic") _servingPeers.TrySetResult();
        LineLogged?.Invoke(this, line);
    }

    /// <summary>Keeps the first unstructured line that can explain an exit. etcd prints two kinds of
    /// bare lines that never do: its <c>[WARNING] Deprecated '--logger=capnslog' flag is set</c> notice
    /// at every start, and the usage text (from <c>Usage:</c> on) that follows a refused flag.</summary>
    private void NotePlainLine(EtcdLogLine line)
    {
        if (line.Level is not null || _firstPlain is not null || _usagePrinted) return;
        var text = line.Text.Trim();
        if (text == "Usage:") _usagePrinted = true;
        else if (text.Length > 0 && !text.StartsWith("[WARNING]", StringComparison.Ordinal)) _firstPlain = text;
    }

    private async Task OnFollowerEndedAsync(int generation, string id, TaskCompletionSource handled, TaskCompletionSource servingPeers, Task startReturned)
    {
        servingPeers.TrySetResult();
        try
        {
            // An exit is reported after the start that caused it has returned, never before: a
            // process that fails at once must not show as exited before it shows as started.
            await startReturned;
            if (generation != _generation || _operatorStopped) return;
            ContainerInspectResponse inspect;
            try
            {
                inspect = await Docker.Containers.InspectContainerAsync(id);
            }
            catch (DockerContainerNotFoundException)
            {
                return;
            }
            if (inspect.State.Running || _operatorStopped || generation != _generation) return;
            ExitedByItself?.Invoke(this, new EtcdContainerState(ProcessState.Exited, (int)inspect.State.ExitCode, ExitReason));
        }
        finally
        {
            handled.TrySetResult();
        }
    }

    /// <summary>Null when every listen URL is on the host's own address; etcd's bind error when one is
    /// on an address the host does not have.</summary>
    /// <exception cref="HostActionException">A listen URL would take a port on every host of the run.</exception>
    private string? CheckListenAddresses(EtcdFlags flags)
    {
        // etcd opens its peer listeners before its client listeners; the first failure wins.
        foreach (var (flag, fallback) in new[] { ("listen-peer-urls", "http://localhost:2380"), ("listen-client-urls", "http://localhost:2379") })
        {
            foreach (var url in (flags.Get(flag) ?? fallback).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) continue; // etcd reports the malformed URL itself
                var host = uri.Host;
                if (host == Ip) continue;
                if (host is "localhost" or "127.0.0.1" or "0.0.0.0" or "::" or "[::]" || !System.Net.IPAddress.TryParse(host, out _))
                    throw new HostActionException(Host,
                        $"--{flag}={flags.Get(flag) ?? "(etcd's default " + fallback + ")"} on {Host} listens on {host}, which every host of a docker run shares "
                        + $"(they all live on one loopback). List the host's own address instead, for example http://{Ip}:{uri.Port}.");
                return string.Create(CultureInfo.InvariantCulture, $"listen tcp {host}:{uri.Port}: bind: cannot assign requested address");
            }
        }
        return null;
    }

    private CreateContainerParameters ContainerParameters(string name, string role, string network, IEnumerable<string> args) => new()
    {
        Name = "etcdlab-" + name,
        Image = _cluster.Image,
        Cmd = args.ToList(),
        User = $"{Uid}:{Uid}",
        WorkingDir = HostDirectories.ContainerRoot,
        Labels = new Dictionary<string, string>
        {
            [ContainerLabels.Run] = _cluster.RunId,
            [ContainerLabels.Host] = Host,
            [ContainerLabels.Slot] = _cluster.Slot.Number.ToString(CultureInfo.InvariantCulture),
            [ContainerLabels.Role] = role,
            [ContainerLabels.OwnerPid] = RunOwner.Current.Pid.ToString(CultureInfo.InvariantCulture),
            [ContainerLabels.OwnerStart] = RunOwner.Current.StartTicks.ToString(CultureInfo.InvariantCulture),
        },
        HostConfig = new HostConfig
        {
            NetworkMode = network,
            Binds = _cluster.Directories.Binds(Host).ToList(),
            AutoRemove = false,
        },
    };

    private async Task RemoveContainerQuietlyAsync(string id)
    {
        try
        {
            await Docker.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true });
        }
        catch (DockerContainerNotFoundException)
        {
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // Removal already in progress.
        }
    }

    private void AddToTail(string line)
    {
        lock (_tail)
        {
            _tail.Enqueue(line);
            while (_tail.Count > LogTailLines) _tail.Dequeue();
        }
    }

    private async Task UnderGate(Func<Task> action, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await action();
        }
        finally
        {
            _gate.Release();
        }
    }


    private static TaskCompletionSource CompletedSource()
    {
        var source = new TaskCompletionSource();
        source.SetResult();
        return source;
    }
}
