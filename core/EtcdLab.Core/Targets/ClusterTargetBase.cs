using EtcdLab.Core.Etcdctl;
using EtcdLab.Core.Events;
using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Recording;

namespace EtcdLab.Core.Targets;

/// <summary>
/// What every target must do the same way, written once: the address map, which hosts exist and
/// what runs on them, the process events that follow from host actions, the refusals (an unknown
/// host or writer, a second start, pausing what does not run, touching a running member's data
/// dir, taking another host's address, a listen address every host of the lab shares), the
/// change-ip sequence and the writer registry. A target (the simulator, the Docker lab) supplies
/// only the primitives that are truly its own, in the <c>...CoreAsync</c> methods, and reports the
/// processes that exit by themselves through <see cref="ReportExited"/>, from any thread.
/// </summary>
public abstract class ClusterTargetBase : IClusterTarget
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HostRecord> _hosts = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly HashSet<string> _writers = new(StringComparer.Ordinal);
    private IRunRecorder? _recorder;
    private AddressMap? _addresses;

    /// <inheritdoc />
    public abstract string Kind { get; }

    /// <inheritdoc />
    public abstract TimeSpan Now { get; }

    /// <inheritdoc />
    public AddressMap Addresses => _addresses ?? throw NotInitialized();

    /// <summary>The hosts in declaration order (after <see cref="InitializeAsync"/>).</summary>
    protected IReadOnlyList<string> HostNames => _order;

    /// <summary>Where the run's events go (after <see cref="InitializeAsync"/>).</summary>
    protected IRunRecorder Recorder => _recorder ?? throw NotInitialized();

    /// <inheritdoc />
    public async Task InitializeAsync(ClusterSpec spec, IRunRecorder recorder, CancellationToken ct)
    {
        if (_recorder is not null) throw new InvalidOperationException($"the {Kind} target is already initialized; create one target per run");
        var duplicate = spec.Hosts.GroupBy(h => h.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InputException($"Host {duplicate.Key} is declared twice; every host needs its own name.");
        var map = await ReserveAddressesAsync(spec, ct);
        var hosts = spec.Hosts.Select(h => new HostSpec(h.Name, map.Map(h.Ip))).ToArray();
        var shared = hosts.GroupBy(h => h.Ip).FirstOrDefault(g => g.Count() > 1);
        if (shared is not null)
            throw new InputException($"Hosts {string.Join(" and ", shared.Select(h => h.Name))} both have address {shared.Key}; every host needs its own.");
        lock (_gate)
        {
            foreach (var h in hosts)
            {
                _hosts[h.Name] = new HostRecord(h.Ip);
                _order.Add(h.Name);
            }
            _addresses = map;
            _recorder = recorder;
        }
        await InitializeCoreAsync(spec with { Hosts = hosts }, ct);
    }

    /// <inheritdoc />
    public ProcessState ProcessOf(string host)
    {
        lock (_gate) return Record(host).Process;
    }

    /// <inheritdoc />
    public string IpOf(string host)
    {
        lock (_gate) return Record(host).Ip;
    }

    // ---- host actions ----------------------------------------------------------------------------

    /// <inheritdoc />
    public async Task BootstrapAsync(IReadOnlyList<KeyValuePair<string, EtcdFlags>> members, CancellationToken ct)
    {
        foreach (var (host, flags) in members) MarkStarting(host, flags);
        await BootstrapCoreAsync(members, ct);
    }

    /// <inheritdoc />
    public async Task StartAsync(string host, EtcdFlags flags, CancellationToken ct)
    {
        MarkStarting(host, flags);
        await StartCoreAsync(host, flags, ct);
    }

    /// <inheritdoc />
    public Task StopAsync(string host, CancellationToken ct) => StopAsync(host, kill: false, ct);

    /// <inheritdoc />
    public Task KillAsync(string host, CancellationToken ct) => StopAsync(host, kill: true, ct);

    /// <inheritdoc />
    public async Task PauseAsync(string host, CancellationToken ct)
    {
        lock (_gate)
        {
            var h = Record(host);
            if (h.Process != ProcessState.Running)
                throw new HostActionException(host, $"Cannot pause etcd on {host}: it is {h.Process.Describe()}. Start it first.");
        }
        await PauseCoreAsync(host, ct);
        lock (_gate)
        {
            Record(host).Process = ProcessState.Paused;
            Recorder.Record(new ProcessPaused(host));
        }
    }

    /// <inheritdoc />
    public async Task ResumeAsync(string host, CancellationToken ct)
    {
        lock (_gate)
        {
            var h = Record(host);
            if (h.Process != ProcessState.Paused)
                throw new HostActionException(host, $"Cannot resume etcd on {host}: it is {h.Process.Describe()}, not paused.");
        }
        await ResumeCoreAsync(host, ct);
        lock (_gate)
        {
            Record(host).Process = ProcessState.Running;
            Recorder.Record(new ProcessResumed(host));
        }
    }

    /// <inheritdoc />
    public Task RemoveDirectoryAsync(string host, string path, CancellationToken ct)
    {
        RefuseRunningDataDir(host, path, "remove");
        return RemoveDirectoryCoreAsync(host, HostPaths.Normalize(path), ct);
    }

    /// <inheritdoc />
    public Task CopyDirectoryAsync(string host, string from, string to, CancellationToken ct)
    {
        RefuseRunningDataDir(host, from, "copy");
        RefuseRunningDataDir(host, to, "overwrite");
        return CopyDirectoryCoreAsync(host, HostPaths.Normalize(from), HostPaths.Normalize(to), ct);
    }

    /// <inheritdoc />
    public Task CopyDirectoryLiveAsync(string host, string from, string to, CancellationToken ct)
    {
        RefuseRunningDataDir(host, to, "overwrite");
        return CopyDirectoryCoreAsync(host, HostPaths.Normalize(from), HostPaths.Normalize(to), ct);
    }

    /// <inheritdoc />
    public Task<RpcResult<BackupReply>> BackupAsync(string host, BackupRequest request, CancellationToken ct)
    {
        RefuseRunningDataDir(host, request.DataDir, "back up");
        RefuseRunningDataDir(host, request.BackupDir, "overwrite");
        return BackupCoreAsync(host, request with { DataDir = HostPaths.Normalize(request.DataDir), BackupDir = HostPaths.Normalize(request.BackupDir) }, ct);
    }

    /// <inheritdoc />
    public bool? ServesV2At(string endpoint)
    {
        var authority = Authority(endpoint);
        lock (_gate)
        {
            foreach (var name in _order)
            {
                var h = Record(name);
                if (h.Process is not (ProcessState.Running or ProcessState.Paused) || h.Flags is not { } flags) continue;
                var listens = (flags.Get("listen-client-urls") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (!listens.Any(u => Authority(u) == authority)) continue;
                // Go's strconv.ParseBool, which etcd's flag package uses for --enable-v2 (default false in 3.4).
                return flags.Get("enable-v2") is "1" or "t" or "T" or "true" or "TRUE" or "True";
            }
        }
        return null;
    }

    private static string Authority(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal);
        var rest = start < 0 ? url : url[(start + 3)..];
        var slash = rest.IndexOf('/');
        return slash < 0 ? rest : rest[..slash];
    }

    /// <inheritdoc />
    public Task CopyFileAsync(string fromHost, string fromPath, string toHost, string toPath, CancellationToken ct)
    {
        RefuseRunningDataDir(fromHost, fromPath, "copy");
        RefuseRunningDataDir(toHost, toPath, "overwrite");
        return CopyFileCoreAsync(fromHost, HostPaths.Normalize(fromPath), toHost, HostPaths.Normalize(toPath), ct);
    }

    /// <inheritdoc />
    public Task WriteFileAsync(string host, string path, byte[] content, CancellationToken ct)
    {
        lock (_gate) Record(host);
        RefuseRunningDataDir(host, path, "overwrite");
        return WriteFileCoreAsync(host, HostPaths.Normalize(path), content, ct);
    }

    /// <inheritdoc />
    public Task<byte[]?> ReadFileAsync(string host, string path, CancellationToken ct)
    {
        lock (_gate) Record(host);
        return ReadFileCoreAsync(host, HostPaths.Normalize(path), ct);
    }

    /// <inheritdoc />
    public abstract DateTimeOffset HostClock { get; }

    /// <inheritdoc />
    public abstract Task UseClientCredentialsAsync(ClientCredentials credentials, CancellationToken ct);

    /// <inheritdoc />
    public async Task ChangeIpAsync(string host, string newIp, EtcdFlags? flagsAfterMove, CancellationToken ct)
    {
        bool wasAlive;
        EtcdFlags? lastFlags;
        lock (_gate)
        {
            var h = Record(host);
            if (!Addresses.Holds(newIp))
                throw new HostActionException(host, $"Cannot move {host} to {newIp}: this run's hosts live at {Addresses.Range} (x from 1).");
            var other = _order.FirstOrDefault(n => n != host && _hosts[n].Ip == newIp);
            if (other is not null) throw new HostActionException(host, $"Cannot move {host} to {newIp}: {other} has that address.");
            wasAlive = h.Process is ProcessState.Running or ProcessState.Paused;
            lastFlags = h.Flags;
        }
        // An operator stops etcd, moves the machine, and starts etcd again with its configuration.
        if (wasAlive) await StopAsync(host, kill: false, ct);
        await MoveHostCoreAsync(host, newIp, ct);
        lock (_gate)
        {
            var h = Record(host);
            var old = h.Ip;
            h.Ip = newIp;
            Recorder.Record(new IpChanged(host, old, newIp));
        }
        if (wasAlive) await StartAsync(host, flagsAfterMove ?? lastFlags!, ct);
    }

    /// <inheritdoc />
    public Task PartitionAsync(IReadOnlyList<IReadOnlyList<string>> groups, CancellationToken ct)
    {
        lock (_gate)
            foreach (var host in groups.SelectMany(g => g)) Record(host);
        return PartitionCoreAsync(groups, ct);
    }

    /// <inheritdoc />
    public Task HealAsync(CancellationToken ct) => HealCoreAsync(ct);

    /// <inheritdoc />
    public Task DegradeLinksAsync(string host, TimeSpan latency, double lossRate, CancellationToken ct)
    {
        lock (_gate) Record(host);
        if (latency < TimeSpan.Zero || lossRate is < 0 or > 1)
            throw new HostActionException(host, $"Cannot degrade {host}'s links by {latency} and {lossRate:P0} loss: the delay must not be negative and the loss must lie between 0% and 100%.");
        return DegradeLinksCoreAsync(host, latency, lossRate, ct);
    }

    /// <inheritdoc />
    public Task RestoreLinksAsync(string host, CancellationToken ct)
    {
        lock (_gate) Record(host);
        return RestoreLinksCoreAsync(host, ct);
    }

    /// <inheritdoc />
    public Task<RpcResult<SnapshotSaveReply>> SnapshotSaveAsync(string endpoint, string host, string path, TimeSpan timeout, CancellationToken ct)
    {
        RefuseRunningDataDir(host, path, "overwrite");
        return SnapshotSaveCoreAsync(endpoint, host, HostPaths.Normalize(path), timeout, ct);
    }

    // ---- writers ---------------------------------------------------------------------------------

    /// <inheritdoc />
    public Task StartWriterAsync(WriterSpec spec, CancellationToken ct)
    {
        lock (_gate)
        {
            if (spec.Hosts.Count == 0) throw new HostActionException("", $"Writer {spec.Name} has no hosts to write through.");
            foreach (var host in spec.Hosts) Record(host);
            if (!_writers.Add(spec.Name))
                throw new HostActionException("", $"Writer {spec.Name} already runs; stop it first or give the new one another name.");
        }
        return StartWriterCoreAsync(spec, ct);
    }

    /// <inheritdoc />
    public Task StopWriterAsync(string writer, CancellationToken ct)
    {
        lock (_gate)
        {
            if (!_writers.Remove(writer))
                throw new HostActionException("", $"No writer named {writer} runs; running: {(_writers.Count == 0 ? "none" : string.Join(", ", _writers.Order(StringComparer.Ordinal)))}.");
        }
        return StopWriterCoreAsync(writer, ct);
    }

    // ---- what each target supplies ---------------------------------------------------------------

    /// <summary>Chooses where the hosts of <paramref name="spec"/> live (the Docker lab takes a free loopback slot).</summary>
    protected abstract Task<AddressMap> ReserveAddressesAsync(ClusterSpec spec, CancellationToken ct);

    /// <summary>Creates the hosts; <paramref name="spec"/> carries their mapped addresses.</summary>
    protected abstract Task InitializeCoreAsync(ClusterSpec spec, CancellationToken ct);

    /// <summary>Launches every member of a new cluster at once.</summary>
    protected abstract Task BootstrapCoreAsync(IReadOnlyList<KeyValuePair<string, EtcdFlags>> members, CancellationToken ct);

    /// <summary>Launches etcd on a host where it does not run.</summary>
    protected abstract Task StartCoreAsync(string host, EtcdFlags flags, CancellationToken ct);

    /// <summary>Stops (SIGTERM) or kills (SIGKILL) etcd, which runs or is paused (<paramref name="paused"/>):
    /// a paused process is thawed first, so that it can act on SIGTERM.</summary>
    protected abstract Task StopCoreAsync(string host, bool kill, bool paused, CancellationToken ct);

    /// <summary>Freezes a running etcd (SIGSTOP).</summary>
    protected abstract Task PauseCoreAsync(string host, CancellationToken ct);

    /// <summary>Thaws a paused etcd (SIGCONT).</summary>
    protected abstract Task ResumeCoreAsync(string host, CancellationToken ct);

    /// <summary><c>rm -rf</c> of a normalized path no running etcd uses.</summary>
    protected abstract Task RemoveDirectoryCoreAsync(string host, string path, CancellationToken ct);

    /// <summary><c>cp -a</c> of normalized paths; the destination is no running etcd's, the source may be
    /// the data dir of a running etcd (<see cref="CopyDirectoryLiveAsync"/>).</summary>
    protected abstract Task CopyDirectoryCoreAsync(string host, string from, string to, CancellationToken ct);

    /// <summary>Copies a file between hosts (normalized paths no running etcd uses).</summary>
    protected abstract Task CopyFileCoreAsync(string fromHost, string fromPath, string toHost, string toPath, CancellationToken ct);

    /// <summary>Writes a file at a normalized path no running etcd uses, making its parents.</summary>
    protected abstract Task WriteFileCoreAsync(string host, string path, byte[] content, CancellationToken ct);

    /// <summary>Reads a file at a normalized path; null when there is none.</summary>
    protected abstract Task<byte[]?> ReadFileCoreAsync(string host, string path, CancellationToken ct);

    /// <summary>Gives a host on which etcd does not run another address.</summary>
    protected abstract Task MoveHostCoreAsync(string host, string newIp, CancellationToken ct);

    /// <summary>Cuts peer traffic between the groups, replacing any earlier partition.</summary>
    protected abstract Task PartitionCoreAsync(IReadOnlyList<IReadOnlyList<string>> groups, CancellationToken ct);

    /// <summary>Removes every partition.</summary>
    protected abstract Task HealCoreAsync(CancellationToken ct);

    /// <summary>Delays and drops the peer packets to and from a known host (see <see cref="IClusterTarget.DegradeLinksAsync"/>).</summary>
    protected abstract Task DegradeLinksCoreAsync(string host, TimeSpan latency, double lossRate, CancellationToken ct);

    /// <summary>Restores a known host's peer links.</summary>
    protected abstract Task RestoreLinksCoreAsync(string host, CancellationToken ct);

    /// <summary>Streams a snapshot from <paramref name="endpoint"/> into a normalized path on <paramref name="host"/>.</summary>
    protected abstract Task<RpcResult<SnapshotSaveReply>> SnapshotSaveCoreAsync(string endpoint, string host, string path, TimeSpan timeout, CancellationToken ct);

    /// <summary><c>etcdctl backup</c> on the host (paths normalized, running data dirs already refused).</summary>
    protected abstract Task<RpcResult<BackupReply>> BackupCoreAsync(string host, BackupRequest request, CancellationToken ct);

    /// <summary>Starts a writer whose name is free and whose hosts exist.</summary>
    protected abstract Task StartWriterCoreAsync(WriterSpec spec, CancellationToken ct);

    /// <summary>Stops a running writer and waits for its write in flight.</summary>
    protected abstract Task StopWriterCoreAsync(string writer, CancellationToken ct);

    // ---- what happens by itself ------------------------------------------------------------------

    /// <summary>etcd on <paramref name="host"/> exited by itself with <paramref name="exitCode"/>, printing
    /// <paramref name="error"/> last. Records <see cref="ProcessExited"/> unless an operator is stopping
    /// it or nothing runs there. Safe to call from any thread (log-following threads on Docker).</summary>
    protected void ReportExited(string host, int exitCode, string error)
    {
        lock (_gate)
        {
            if (!_hosts.TryGetValue(host, out var h) || h.Stopping || h.Process is not (ProcessState.Running or ProcessState.Paused)) return;
            h.Process = ProcessState.Exited;
            Recorder.Record(new ProcessExited(host, exitCode, error));
        }
    }

    // ---- the rules -------------------------------------------------------------------------------

    private void MarkStarting(string host, EtcdFlags flags)
    {
        lock (_gate)
        {
            var h = Record(host);
            if (h.Process is ProcessState.Running or ProcessState.Paused)
                throw new HostActionException(host, $"etcd already runs on {host} ({h.Process.Describe()}); stop it before starting it again.");
            RefuseSharedListenAddress(host, flags);
            h.Process = ProcessState.Running;
            h.Flags = flags;
            // Recorded before the process can run, so that its exit always follows its start.
            Recorder.Record(new ProcessStarted(host, h.Ip, flags.ToArgs()));
        }
    }

    private async Task StopAsync(string host, bool kill, CancellationToken ct)
    {
        ProcessState before;
        lock (_gate)
        {
            var h = Record(host);
            before = h.Process;
            if (before is not (ProcessState.Running or ProcessState.Paused)) return;
            h.Stopping = true;
        }
        try
        {
            await StopCoreAsync(host, kill, before == ProcessState.Paused, ct);
        }
        finally
        {
            lock (_gate) Record(host).Stopping = false;
        }
        lock (_gate)
        {
            Record(host).Process = ProcessState.Stopped;
            Recorder.Record(new ProcessStopped(host, kill));
        }
    }

    /// <summary>Refuses to touch a path that is, holds or lies in the data dir of etcd running (or
    /// paused) on the host: etcd would go on writing into a directory that changes under it, or the
    /// copy would not be consistent.</summary>
    protected void RefuseRunningDataDir(string host, string path, string verb)
    {
        lock (_gate)
        {
            var h = Record(host);
            if (h.Process is not (ProcessState.Running or ProcessState.Paused) || h.Flags is not { } flags) return;
            var dataDir = HostPaths.Normalize(flags.Get("data-dir") ?? $"{flags.Get("name") ?? "default"}.etcd");
            foreach (var dir in new[] { dataDir, flags.Get("wal-dir") is { } wal ? HostPaths.Normalize(wal) : null }.OfType<string>())
            {
                if (HostPaths.Overlap(path, dir))
                    throw new HostActionException(host,
                        $"Refusing to {verb} {HostPaths.Normalize(path)} on {host}: etcd runs there with its data in {dir} and would go on using it. Stop etcd on {host} first.");
            }
        }
    }

    /// <summary>Every host of the lab shares one machine's loopback, so a listener on localhost or on
    /// every address would take the port for all of them: refused on both targets alike. A listen URL
    /// etcd itself refuses (a host name, no port) is left to etcd, which exits with its own error.</summary>
    private static void RefuseSharedListenAddress(string host, EtcdFlags flags)
    {
        foreach (var flag in new[] { "listen-peer-urls", "listen-client-urls" })
        {
            if (flags.Get(flag) is not { } urls) continue;
            foreach (var url in urls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !url.Contains($":{uri.Port}", StringComparison.Ordinal)) continue;
                var h = uri.Host.Trim('[', ']');
                if (h is "localhost" or "0.0.0.0" or "::" or "::1" || h.StartsWith("127.0.0.", StringComparison.Ordinal))
                    throw new HostActionException(host,
                        $"--{flag}={urls} on {host} listens on {uri.Host}, which every host of the lab shares (they all live on one loopback). "
                        + $"List the host's own address instead, for example ${{{host}.client-url}} or ${{{host}.peer-url}}.");
            }
        }
    }

    private HostRecord Record(string host) =>
        _hosts.TryGetValue(host, out var h)
            ? h
            : throw new HostActionException(host, $"Unknown host {host}: this run's hosts are {(_order.Count == 0 ? "none yet" : string.Join(", ", _order))}.");

    private InvalidOperationException NotInitialized() => new($"the {Kind} target is not initialized: call InitializeAsync first");

    // ---- client calls and observation: each target's own -----------------------------------------

    /// <inheritdoc />
    public abstract Task<RpcResult<MemberListReply>> MemberListAsync(string endpoint, TimeSpan timeout, CancellationToken ct);

    /// <inheritdoc />
    public abstract Task<RpcResult<MemberAddReply>> MemberAddAsync(string endpoint, IReadOnlyList<string> peerUrls, bool isLearner, TimeSpan timeout, CancellationToken ct);

    /// <inheritdoc />
    public abstract Task<RpcResult<MemberListReply>> MemberRemoveAsync(string endpoint, ulong memberId, TimeSpan timeout, CancellationToken ct);

    /// <inheritdoc />
    public abstract Task<RpcResult<MemberListReply>> MemberUpdateAsync(string endpoint, ulong memberId, IReadOnlyList<string> peerUrls, TimeSpan timeout, CancellationToken ct);

    /// <inheritdoc />
    public abstract Task<RpcResult<MemberListReply>> MemberPromoteAsync(string endpoint, ulong memberId, TimeSpan timeout, CancellationToken ct);

    /// <inheritdoc />
    public abstract Task<RpcResult<StatusReply>> StatusAsync(string endpoint, TimeSpan timeout, CancellationToken ct);

    /// <inheritdoc />
    public abstract Task<RpcResult<RangeReply>> RangeAsync(string endpoint, string key, string? rangeEnd, bool serializable, TimeSpan timeout, CancellationToken ct);

    /// <inheritdoc />
    public abstract Task<RpcResult<PutReply>> PutAsync(string endpoint, string key, string value, TimeSpan timeout, CancellationToken ct);

    /// <inheritdoc />
    public abstract Task<IReadOnlyList<HealthReply>> CheckHealthAsync(IReadOnlyList<string> endpoints, TimeSpan timeout, CancellationToken ct);

    /// <inheritdoc />
    public abstract Task<RpcResult<SnapshotRestoreReply>> SnapshotRestoreAsync(string host, SnapshotRestoreRequest request, CancellationToken ct);

    /// <inheritdoc />
    /// <remarks>Here the emulator answers; a target that runs the real etcdctl overrides this.</remarks>
    public virtual Task<EtcdctlOutput> RunEtcdctlAsync(string host, string defaultEndpoint, EtcdctlInvocation invocation, IClusterTarget clientCalls, CancellationToken ct) =>
        new EtcdctlEmulator(clientCalls).RunAsync(host, defaultEndpoint, invocation, ct);

    /// <inheritdoc />
    public abstract Task DelayAsync(TimeSpan duration, CancellationToken ct);

    /// <inheritdoc />
    public abstract Task<ClusterObservation> ObserveAsync(CancellationToken ct);

    /// <inheritdoc />
    public abstract ValueTask DisposeAsync();

    /// <summary>What the base knows of one host.</summary>
    private sealed class HostRecord(string ip)
    {
        public string Ip { get; set; } = ip;

        public ProcessState Process { get; set; } = ProcessState.NotStarted;

        /// <summary>The flags of the latest start.</summary>
        public EtcdFlags? Flags { get; set; }

        /// <summary>An operator's stop is under way: an exit now is its doing, not etcd's.</summary>
        public bool Stopping { get; set; }
    }
}
