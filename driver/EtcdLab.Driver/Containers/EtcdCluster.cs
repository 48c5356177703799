using EtcdLab.Core.Hygiene;
using EtcdLab.Core.Running;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Docker.DotNet.Models;
using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Targets;
using EtcdLab.Driver.Clients;
using EtcdLab.Driver.Configurations;
using EtcdLab.Driver.Docker;
using EtcdLab.Driver.Images;
using EtcdLab.Driver.Logs;
using EtcdLab.Driver.Network;
using EtcdLab.Driver.Reaper;
using EtcdLab.Driver.Storage;
using EtcdLab.Driver.WaitStrategies;

namespace EtcdLab.Driver.Containers;

/// <summary>
/// Real etcd members in Docker, one container per host, each on its own loopback address
/// 127.S.x.y (S: the run's slot) with host networking. Created by
/// <see cref="Builders.EtcdClusterBuilder"/>; <see cref="StartAsync"/> bootstraps the declared members
/// and waits until they are ready. Everything the cluster makes (containers, host disks, firewall
/// rules) carries the run id and is removed by <see cref="DisposeAsync"/>, on Ctrl-C and at process
/// exit, or by the reaper of a later run if this process dies.
/// </summary>
public sealed partial class EtcdCluster : IAsyncDisposable
{
    private readonly EtcdClusterConfiguration _configuration;
    private readonly List<EtcdContainer> _containers = [];
    private readonly SemaphoreSlim _initGate = new(1, 1);
    private readonly SemaphoreSlim _firewallGate = new(1, 1);
    private readonly Lock _disposeLock = new();
    private DockerEngine? _engine;
    private LoopbackSlot? _slot;
    private string? _image;
    private HostDirectories? _directories;
    private IReadOnlyList<IReadOnlyList<string>>? _partition;
    private int _partitionGeneration;
    private bool _initialized;
    private bool _conntrackAvailable;
    private int _createsInFlight;
    private Task? _disposal;
    private PosixSignalRegistration[] _signals = [];
    private EventHandler? _onProcessExit;

    internal EtcdCluster(EtcdClusterConfiguration configuration)
    {
        _configuration = configuration;
        Rpc = new EtcdRpc(new EtcdClientPool());
    }

    /// <summary>Raised for every line a member prints (on a log-reading thread; keep handlers short).</summary>
    public event Action<EtcdContainer, EtcdLogLine>? LineLogged;

    /// <summary>Raised when a member's process exits without an operator stopping it.</summary>
    public event Action<EtcdContainer, EtcdContainerState>? ProcessExited;

    /// <summary>The run id every resource carries.</summary>
    public string RunId => _configuration.RunId;

    /// <summary>The configuration the cluster was built from.</summary>
    public EtcdClusterConfiguration Configuration => _configuration;

    /// <summary>The loopback slot: addresses 127.S.x.y, member uids, firewall marks.</summary>
    public LoopbackSlot Slot => _slot ?? throw NotInitialized();

    /// <summary>The engine the containers run on.</summary>
    public DockerEngine Engine => _engine ?? throw NotInitialized();

    /// <summary>The image the members run.</summary>
    public string Image => _image ?? throw NotInitialized();

    /// <summary>Where the host disks are.</summary>
    public HostDirectories Directories => _directories ?? throw NotInitialized();

    /// <summary>etcd's client API, one cached client per endpoint.</summary>
    public EtcdRpc Rpc { get; }

    /// <summary>Every host, in declaration order.</summary>
    public IReadOnlyList<EtcdContainer> Containers => _containers;

    /// <summary>The hosts <see cref="StartAsync"/> bootstraps.</summary>
    public IReadOnlyList<EtcdContainer> InitialMembers => _containers.Take(_configuration.InitialMembers).ToArray();

    /// <summary>The host named <paramref name="host"/>.</summary>
    /// <exception cref="InputException">No such host.</exception>
    public EtcdContainer this[string host] =>
        _containers.FirstOrDefault(c => c.Host == host)
        ?? throw new InputException($"No host '{host}' in run {RunId}; its hosts are {string.Join(", ", _containers.Select(c => c.Host))}.");

    /// <summary>The partition in force, null when none.</summary>
    public IReadOnlyList<IReadOnlyList<string>>? Partition => _partition;

    /// <summary>Connects to Docker, removes leftovers of dead runs, makes sure the image exists, takes a
    /// loopback slot, adds the egress rules that hold every member to loopback (see
    /// <see cref="EgressFirewall"/>) and creates the host disks. Idempotent; <see cref="StartAsync"/> calls it.</summary>
    /// <exception cref="EnvironmentException">No Docker engine answers, the image cannot be had, or
    /// iptables (ip6tables when the kernel has IPv6) cannot add the egress rules.</exception>
    public async Task InitializeAsync(CancellationToken ct)
    {
        await _initGate.WaitAsync(ct);
        try
        {
            if (_initialized) return;
            ObjectDisposedException.ThrowIf(_disposal is not null, this);
            _engine = _configuration.Engine ?? await DockerEngine.ConnectAsync(_configuration.DockerEndpoint, ct: ct);
            if (_configuration.Reap) await ResourceReaper.ReapAsync(_engine, _configuration.DataRoot, ct);
            _image = _configuration.Image ?? await EtcdImage.DefaultNameAsync(ct);
            await EtcdImage.EnsureAsync(_engine, _image, ct);
            _slot = _configuration.Slot ?? LoopbackSlot.Acquire(_configuration.DataRoot, _configuration.SlotNumber);
            _directories = new HostDirectories(_configuration.DataRoot, RunId);

            // The owner file comes first: the reaper treats a run directory without a live owner as a leftover.
            Directory.CreateDirectory(_directories.RunDirectory);
            await File.WriteAllTextAsync(_directories.OwnerFile, RunOwner.Current.ToFileText(), ct);
            RegisterEmergencyCleanup();
            // Before any member can start: from its first packet on, no process of the run reaches
            // anything outside loopback, whatever a scenario makes it dial. After the owner file, so
            // that a concurrent reaper sees a live run and leaves the rules alone.
            await EgressFirewall.InstallAsync(RunId, _slot.MemberUids, _configuration.InsideNetwork, ct);
            // Before any member dials: no connection of this run may inherit an earlier run's mark.
            _conntrackAvailable = await ConntrackTable.ForgetSlotAsync(_slot, ct);
            foreach (var (host, index) in _configuration.Hosts.Select((h, i) => (h, i)))
            {
                var container = new EtcdContainer(this, index, host.Name, _slot.Rebase(host.Ip), _slot.MemberUid(index));
                foreach (var root in HostPaths.Roots)
                {
                    var mounted = _directories.Mounted(host.Name, root);
                    Directory.CreateDirectory(mounted);
                    Chown(mounted, container.Uid);
                }
                container.LineLogged += (c, line) => LineLogged?.Invoke(c, line);
                container.ExitedByItself += (c, state) => ProcessExited?.Invoke(c, state);
                _containers.Add(container);
            }
            _initialized = true;
        }
        finally
        {
            _initGate.Release();
        }
    }

    /// <summary>Bootstraps the declared members (static <c>--initial-cluster</c>, all started at once, see
    /// <see cref="LaunchTogetherAsync"/>) and waits for the configured conditions, by default a leader and
    /// every member healthy.</summary>
    /// <exception cref="Exceptions.WaitStrategyTimeoutException">The members were not ready in time; Details hold their logs.</exception>
    public async Task StartAsync(CancellationToken ct)
    {
        await InitializeAsync(ct);
        var members = InitialMembers;
        await LaunchTogetherAsync(members.Select(m => new KeyValuePair<string, EtcdFlags>(m.Host, BootstrapFlags(m.Host))).ToArray(), ct);
        var strategies = _configuration.WaitStrategies.Count > 0
            ? _configuration.WaitStrategies
            : [new UntilLeaderElected(members.Select(m => m.Host).ToArray()), new UntilMemberHealthy(members.Select(m => m.Host).ToArray())];
        await WaitUntilAsync(strategies, _configuration.StartupTimeout, ct);
    }

    /// <summary>Starts etcd on every host of <paramref name="members"/> at once, with its flags, as a new
    /// cluster bootstraps; returns once every process runs (or has already failed as etcd would).
    /// The one path by which runs, tests and the start-up benchmark bootstrap a cluster.</summary>
    public async Task LaunchTogetherAsync(IReadOnlyList<KeyValuePair<string, EtcdFlags>> members, CancellationToken ct)
    {
        await InitializeAsync(ct);
        var hosts = members.Select(m => this[m.Key]).ToArray();
        // Members bootstrapping together each ask the others' peer ports whether they were
        // bootstrapped before; a peer that listens but does not serve yet (it is busy with the same
        // question) makes the asker wait etcd's full 1 s bootstrap timeout. So every member's peer
        // port refuses connections, as if nothing listened yet, until the member serves it; then
        // all members can be created and started at once.
        var fences = await Task.WhenAll(hosts.Select(m => PartitionFirewall.RefusePeerPortAsync(RunId, m.Ip, ct)));
        var lifted = new bool[fences.Length];
        try
        {
            var created = await Task.WhenAll(hosts.Select((m, i) => m.CreateAsync(members[i].Value, ct)));
            await Task.WhenAll(hosts.Select(async (member, i) =>
            {
                if (created[i])
                {
                    await member.LaunchAsync(ct);
                    await member.WaitUntilServingPeersAsync(TimeSpan.FromSeconds(5), ct);
                }
                await PartitionFirewall.DeleteAsync(fences[i], CancellationToken.None);
                lifted[i] = true;
            }));
        }
        finally
        {
            for (var i = 0; i < fences.Length; i++)
                if (!lifted[i]) await PartitionFirewall.DeleteAsync(fences[i], CancellationToken.None);
        }
    }

    /// <summary>Waits until every strategy holds, in order, within <paramref name="timeout"/>.</summary>
    /// <exception cref="Exceptions.WaitStrategyTimeoutException">The deadline passed.</exception>
    public Task WaitUntilAsync(IReadOnlyList<IEtcdWaitStrategy> strategies, TimeSpan timeout, CancellationToken ct) =>
        Waiter.UntilAsync(this, strategies, timeout, _configuration.PollInterval, ct);

    /// <summary>Waits until <paramref name="strategy"/> holds within <paramref name="timeout"/>.</summary>
    /// <exception cref="Exceptions.WaitStrategyTimeoutException">The deadline passed.</exception>
    public Task WaitUntilAsync(IEtcdWaitStrategy strategy, TimeSpan timeout, CancellationToken ct) =>
        WaitUntilAsync([strategy], timeout, ct);

    /// <summary>The flags that bootstrap <paramref name="host"/> together with the other initial members.</summary>
    public EtcdFlags BootstrapFlags(string host) =>
        MemberFlags(host, InitialMembers.Select(m => m.Host), "new");

    /// <summary>Flags for <paramref name="host"/> in a cluster of <paramref name="clusterHosts"/>: the members'
    /// defaults every target uses (<see cref="EtcdDefaults.Member"/>) with the given
    /// <c>--initial-cluster-state</c>, the cluster token and the configured timing.</summary>
    public EtcdFlags MemberFlags(string host, IEnumerable<string> clusterHosts, string initialClusterState) =>
        EtcdDefaults.Member(host, this[host].Ip, EtcdDefaults.InitialCluster(clusterHosts.Select(h => (h, this[h].Ip))), initialClusterState, _configuration.ClusterToken)
            .Merge(_configuration.Timing.ToFlags());

    /// <summary>Gives <paramref name="host"/>, whose etcd does not run, the address <paramref name="newIp"/>,
    /// keeping any partition in force on the new address.</summary>
    /// <exception cref="HostActionException">The address is another host's or outside the run's slot, or etcd runs.</exception>
    public async Task MoveAsync(string host, string newIp, CancellationToken ct)
    {
        var container = this[host];
        if (!LoopbackAddress.IsLoopback(newIp) || !Slot.Contains(newIp))
            throw new HostActionException(host, $"Cannot move {host} to {newIp}: this run's addresses are 127.{Slot.Number}.x.y ({Slot}); move it to {Slot.Rebase(LoopbackAddress.IsLoopback(newIp) ? newIp : "127.0.0.1")} or another address in the slot.");
        var owner = _containers.FirstOrDefault(c => c != container && c.Ip == newIp);
        if (owner is not null)
            throw new HostActionException(host, $"Cannot move {host} to {newIp}: {owner.Host} has that address.");
        await container.MoveAsync(newIp, ct);
        if (_partition is { } groups) await PartitionAsync(groups, ct);
        await KeepLinksDegradedAsync(host, newIp, ct);
    }

    /// <summary>Cuts peer traffic between every pair of hosts in different groups (replacing any earlier
    /// partition). Client traffic is not touched.</summary>
    public async Task PartitionAsync(IReadOnlyList<IReadOnlyList<string>> groups, CancellationToken ct)
    {
        var members = groups.Select(g => g.Select(h => this[h]).ToArray()).ToArray();
        if (!_conntrackAvailable) throw ConntrackTable.Missing("cuts the network");
        await _firewallGate.WaitAsync(ct);
        try
        {
            var before = (await PartitionFirewall.ListAsync(ct)).Where(r => r.RunId == RunId).ToArray();
            var generation = ++_partitionGeneration;
            var cuts = new List<(int, string)>();
            for (var i = 0; i < members.Length; i++)
            for (var j = 0; j < members.Length; j++)
                if (i != j)
                    foreach (var a in members[i])
                    foreach (var b in members[j])
                        if (a != b) cuts.Add((a.Uid, b.Ip));
            // New rules go in before the old ones leave, so the cut never lapses in between.
            await PartitionFirewall.CutAsync(RunId, Slot.FirewallMark(generation), cuts.Distinct().ToArray(), ct);
            foreach (var rule in before) await PartitionFirewall.DeleteAsync(rule, ct);
            _partition = groups;
        }
        finally
        {
            _firewallGate.Release();
        }
    }

    /// <summary>Removes every partition of the run.</summary>
    public async Task HealAsync(CancellationToken ct)
    {
        await _firewallGate.WaitAsync(ct);
        try
        {
            await PartitionFirewall.RemoveRunAsync(RunId, ct);
            _partition = null;
        }
        finally
        {
            _firewallGate.Release();
        }
    }

    /// <summary>Gives <paramref name="path"/> (on this machine) to the uid of <paramref name="host"/>, as a file an
    /// operator copies onto a host belongs to the account that runs etcd there.</summary>
    public void GiveToHost(string host, string path) => Chown(path, this[host].Uid);

    /// <summary>The last log lines of every host, for error details.</summary>
    public string DescribeLogs()
    {
        var sb = new StringBuilder();
        foreach (var c in _containers.Where(c => c.RecentLog.Count > 0))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"{c.Host} ({c.Ip}):");
            foreach (var line in c.RecentLog.TakeLast(15)) sb.AppendLine("  " + line);
        }
        return sb.ToString();
    }

    /// <summary>Removes every container, host disk and firewall rule of the run (partitions, degraded
    /// links and their delay queue, egress rules), and releases the slot unless the caller lent it.
    /// Safe to call more than once.</summary>
    public ValueTask DisposeAsync()
    {
        lock (_disposeLock) _disposal ??= DisposeCoreAsync();
        return new ValueTask(_disposal);
    }

    private async Task DisposeCoreAsync()
    {
        UnregisterEmergencyCleanup();
        if (_engine is { } engine)
        {
            await Task.WhenAll(_containers.Select(c => c.RemoveAsync()));
            await RemoveRunContainersAsync(engine);
            await PartitionFirewall.RemoveRunAsync(RunId, CancellationToken.None);
            await DisposeLinksAsync();
            // Last, once no member runs any more.
            await EgressFirewall.RemoveRunAsync(RunId, CancellationToken.None);
            if (_conntrackAvailable && _slot is { } slot) await ForgetQuietlyAsync(slot);
        }
        if (_directories is { } dirs && Directory.Exists(dirs.RunDirectory))
        {
            foreach (var host in _containers) DeleteQuietly(Path.Combine(dirs.RunDirectory, host.Host));
            DeleteQuietly(dirs.RunDirectory); // owner file last
        }
        Rpc.Pool.Dispose();
        if (_configuration.Slot is null) _slot?.Dispose();
        if (_configuration.Engine is null) _engine?.Dispose();
    }

    private async Task RemoveRunContainersAsync(DockerEngine engine)
    {
        // Also whatever the run made that the host objects lost track of (one-off etcdctl containers).
        await RemoveListedAsync(engine);
        // A container the engine was still creating when a signal came appears after that look: wait
        // (bounded) for the creates in flight, then look again.
        if (Volatile.Read(ref _createsInFlight) == 0) return;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (Volatile.Read(ref _createsInFlight) > 0 && DateTime.UtcNow < deadline) await Task.Delay(50);
        await RemoveListedAsync(engine);
    }

    /// <summary>Counts a container create under way until disposed, so that a run removed meanwhile
    /// (a signal) looks for the container once the engine has made it.</summary>
    internal IDisposable TrackCreate()
    {
        Interlocked.Increment(ref _createsInFlight);
        return new CreateTracker(this);
    }

    private sealed class CreateTracker(EtcdCluster cluster) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) Interlocked.Decrement(ref cluster._createsInFlight);
        }
    }

    private async Task<int> RemoveListedAsync(DockerEngine engine)
    {
        var leftovers = await engine.Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{ContainerLabels.Run}={RunId}"] = true } },
        });
        await Task.WhenAll(leftovers.Select(async c =>
        {
            try
            {
                await engine.Client.Containers.RemoveContainerAsync(c.ID, new ContainerRemoveParameters { Force = true });
            }
            catch (global::Docker.DotNet.DockerApiException)
            {
                // Already gone.
            }
        }));
        return leftovers.Count;
    }

    private void RegisterEmergencyCleanup()
    {
        // Ctrl-C, SIGTERM or SIGHUP must not leave members running: clean up synchronously,
        // bounded, before the signal takes its default course (a later run's reaper catches what
        // this misses, for example after SIGKILL). The runtime raises no ProcessExit for these
        // signals unless a handler is registered for them.
        var bound = TimeSpan.FromSeconds(20);
        _signals =
        [
            .. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }
                .Select(signal => PosixSignalRegistration.Create(signal, _ => DisposeAsync().AsTask().Wait(bound))),
        ];
        _onProcessExit = (_, _) => DisposeAsync().AsTask().Wait(bound);
        AppDomain.CurrentDomain.ProcessExit += _onProcessExit;
    }

    private void UnregisterEmergencyCleanup()
    {
        foreach (var registration in _signals) registration.Dispose();
        _signals = [];
        if (_onProcessExit is not null) AppDomain.CurrentDomain.ProcessExit -= _onProcessExit;
    }

    private static async Task ForgetQuietlyAsync(LoopbackSlot slot)
    {
        try
        {
            await ConntrackTable.ForgetSlotAsync(slot, CancellationToken.None);
        }
        catch (EnvironmentException)
        {
            // The next run of the slot forgets them before it starts.
        }
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The reaper of a later run retries.
        }
    }

    private static void Chown(string path, int uid)
    {
        if (chown(path, uid, uid) != 0)
            throw new EnvironmentException(
                $"Could not give {path} to uid {uid} (errno {Marshal.GetLastPInvokeError()}). The docker target runs each member as its own uid and must run as root.");
    }

    private InvalidOperationException NotInitialized() => new($"cluster {RunId} is not initialized; call InitializeAsync or StartAsync first");

    [LibraryImport("libc", EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int chown(string path, int owner, int group);
}
