using EtcdLab.Core.Etcdctl;

namespace EtcdLab.Core.Targets;

/// <summary>
/// A set of hosts that run etcd members: the simulator (virtual time) or real containers (wall time).
/// The scenario runner drives a run only through this interface, so one scenario file runs
/// unchanged on both.
/// </summary>
/// <remarks>
/// <para>Both targets derive from <see cref="ClusterTargetBase"/>, which holds everything they must
/// do alike: the address map, the process bookkeeping and its events, the refusals, the change-ip
/// sequence and the writer registry. A target supplies only what is truly its own.</para>
/// <para>Host actions act on one host, as an operator would with a shell on it. They throw
/// <see cref="Exceptions.HostActionException"/> when the action makes no sense in the host's state
/// (pausing a stopped host, touching a running member's data dir, an unknown host or writer), and
/// other exceptions only when the target itself breaks. They record the process events they cause
/// (<see cref="Events.ProcessStarted"/>, <see cref="Events.ProcessStopped"/>,
/// <see cref="Events.ProcessPaused"/>, <see cref="Events.ProcessResumed"/>, <see cref="Events.IpChanged"/>).</para>
/// <para>Client calls mirror etcd's gRPC API: each goes to one endpoint (a client URL), honours
/// <c>timeout</c> in the target's own time, and returns etcd's own error text in
/// <see cref="RpcResult{T}"/> instead of throwing. An endpoint that nothing listens on answers
/// <see cref="RpcError.ConnectionRefused"/> at once. A member that listens but does not answer
/// (paused, or not yet joined: etcd 3.4 serves clients only after it has published itself through
/// Raft) yields <see cref="RpcError.DeadlineExceeded"/> once the timeout passes.</para>
/// <para>Asynchronous happenings (a process exits, a member logs a warning an operator must see,
/// a background write completes) are reported through the <see cref="Recording.IRunRecorder"/> given to
/// <see cref="InitializeAsync"/>.</para>
/// </remarks>
public interface IClusterTarget : IAsyncDisposable
{
    /// <summary>Short name used on the command line and in reports: <c>sim</c> or <c>docker</c>.</summary>
    string Kind { get; }

    /// <summary>Time since <see cref="InitializeAsync"/>: virtual on the simulator, elapsed wall time on Docker.</summary>
    TimeSpan Now { get; }

    /// <summary>Where the hosts really live (valid after <see cref="InitializeAsync"/>): the scenario's
    /// 127.0.x.y addresses as they are, or moved into the target's own loopback slot.</summary>
    AddressMap Addresses { get; }

    /// <summary>Creates the hosts of <paramref name="spec"/> (addresses as the scenario writes them;
    /// the target moves them through <see cref="Addresses"/>) with empty disks and no process running.</summary>
    Task InitializeAsync(ClusterSpec spec, Recording.IRunRecorder recorder, CancellationToken ct);

    /// <summary>What the target knows of the etcd process on <paramref name="host"/> now. Safe to call from any thread.</summary>
    ProcessState ProcessOf(string host);

    /// <summary>The current address of <paramref name="host"/>.</summary>
    string IpOf(string host);

    // ---- host actions -------------------------------------------------------------------------

    /// <summary>Starts etcd on every host of <paramref name="members"/> at once with its flags, as a new
    /// cluster bootstraps: the one path by which a run, the driver's tests and its benchmark start a
    /// cluster. Returns once the processes run; whether they elect a leader shows in observations.</summary>
    Task BootstrapAsync(IReadOnlyList<KeyValuePair<string, EtcdFlags>> members, CancellationToken ct);

    /// <summary>Starts etcd on <paramref name="host"/> with exactly <paramref name="flags"/>
    /// (rendered as <c>--name=value</c>). Returns once the process runs; whether it then joins,
    /// fails or exits shows in later observations and <see cref="Events.ProcessExited"/> events.
    /// <see cref="Events.ProcessStarted"/> is recorded before the process can exit, so an exit always
    /// comes after its start in the log.</summary>
    Task StartAsync(string host, EtcdFlags flags, CancellationToken ct);

    /// <summary>Stops etcd gracefully (SIGTERM; a paused etcd is thawed first so that it can act on it).
    /// A host that is not running is left as it is.</summary>
    Task StopAsync(string host, CancellationToken ct);

    /// <summary>Kills etcd at once (SIGKILL). A host that is not running is left as it is.</summary>
    Task KillAsync(string host, CancellationToken ct);

    /// <summary>Freezes the etcd process (SIGSTOP): its sockets stay open but it answers nothing.</summary>
    Task PauseAsync(string host, CancellationToken ct);

    /// <summary>Thaws a paused etcd process (SIGCONT).</summary>
    Task ResumeAsync(string host, CancellationToken ct);

    /// <summary>Removes a directory and everything in it (<c>rm -rf</c>); the host must not run etcd on it.</summary>
    Task RemoveDirectoryAsync(string host, string path, CancellationToken ct);

    /// <summary>Copies a directory on one host (<c>cp -a</c>), for example a data dir to a backup location.</summary>
    Task CopyDirectoryAsync(string host, string from, string to, CancellationToken ct);

    /// <summary>Copies a directory on one host (<c>cp -a</c>) even while etcd runs on it, as an operator's
    /// <c>cp -a /var/lib/etcd /var/lib/etcd-backup</c> of a running member does: the copy holds what the
    /// files hold at that moment (on the simulator, the member's persisted state at that instant; on
    /// Docker, whatever <c>cp</c> reads from files etcd may be writing). The destination must still lie
    /// outside a running member's data dir.</summary>
    Task CopyDirectoryLiveAsync(string host, string from, string to, CancellationToken ct);

    /// <summary>Copies a file from one host to another (<c>scp</c>), for example a snapshot.</summary>
    Task CopyFileAsync(string fromHost, string fromPath, string toHost, string toPath, CancellationToken ct);

    /// <summary>Writes a file on a host (what <c>openssl</c> leaves on the machine it runs on), creating
    /// its missing parent directories; the path lies under one of <see cref="HostPaths.Roots"/> and
    /// outside a running member's data dir.</summary>
    Task WriteFileAsync(string host, string path, byte[] content, CancellationToken ct);

    /// <summary>The content of a file on a host, or null when there is no such file.</summary>
    Task<byte[]?> ReadFileAsync(string host, string path, CancellationToken ct);

    /// <summary>The date a host's clock shows now, against which certificates are made and checked:
    /// the machine's clock on Docker; on the simulator a fixed epoch plus virtual time, so that a
    /// seed gives the same certificates' validity and event log run after run.</summary>
    DateTimeOffset HostClock { get; }

    /// <summary>Makes the harness's own clients (observations, writers, the calls behind etcdctl
    /// steps) present <paramref name="credentials"/> on every https client URL from now on, as an
    /// operator's etcdctl does with <c>--cacert</c>, <c>--cert</c> and <c>--key</c>.</summary>
    Task UseClientCredentialsAsync(ClientCredentials credentials, CancellationToken ct);

    /// <summary>Moves the host to another loopback address (already mapped through <see cref="Addresses"/>).
    /// A running (or paused) etcd is stopped, and started again on the new address with
    /// <paramref name="flagsAfterMove"/> (null: the flags of its last start); a stopped host only
    /// changes address. Another host's address is refused.</summary>
    Task ChangeIpAsync(string host, string newIp, EtcdFlags? flagsAfterMove, CancellationToken ct);

    /// <summary>Cuts peer traffic between every pair of hosts that sit in different groups. Client
    /// traffic (the runner, etcdctl, writers) is not affected. Replaces any earlier partition.</summary>
    Task PartitionAsync(IReadOnlyList<IReadOnlyList<string>> groups, CancellationToken ct);

    /// <summary>Removes every partition.</summary>
    Task HealAsync(CancellationToken ct);

    /// <summary>Degrades the peer traffic to and from <paramref name="host"/>: every peer packet waits
    /// <paramref name="latency"/> more, and <paramref name="lossRate"/> of them (0 to 1) are dropped, in
    /// both directions, until <see cref="RestoreLinksAsync"/>. Client traffic is not touched. Replaces an
    /// earlier degradation of the same host.</summary>
    /// <remarks>
    /// <para>The host's links to every other member are degraded; a packet between two degraded hosts
    /// waits both latencies and passes both losses. The degradation stays with the host across restarts
    /// and address changes, and goes when the run ends.</para>
    /// <para>Packets, not messages, are lost: rafthttp's streams are TCP connections, so a loss below 1
    /// shows as retransmission delays and head-of-line blocking, and a member loses no raft message
    /// unless a stream stalls for its read timeout (5 s). A loss rate of 1 cuts the host off like a
    /// partition: its connections stall, and peers count it connected until their reads time out.</para>
    /// <para>Measured on etcd 3.4.23 with a 10 ms heartbeat and a 100 ms election timeout (three members,
    /// one degraded): up to about 100 ms of latency changed no leadership, from about 120 ms elections
    /// could churn, and at 200 ms they always did (about two new leaders a second) for as long as it
    /// lasted; up to 30% loss changed nothing.</para>
    /// </remarks>
    Task DegradeLinksAsync(string host, TimeSpan latency, double lossRate, CancellationToken ct);

    /// <summary>Undoes <see cref="DegradeLinksAsync"/> for <paramref name="host"/>; nothing when its links
    /// are not degraded. Packets already delayed still arrive, before any sent after the restore.</summary>
    Task RestoreLinksAsync(string host, CancellationToken ct);

    // ---- client calls (what etcdctl and clientv3 do) ------------------------------------------

    /// <summary>MemberList: answered from the receiving member's local view, no quorum needed.</summary>
    Task<RpcResult<MemberListReply>> MemberListAsync(string endpoint, TimeSpan timeout, CancellationToken ct);

    /// <summary>MemberAdd, subject to etcd's strict reconfiguration checks.</summary>
    Task<RpcResult<MemberAddReply>> MemberAddAsync(string endpoint, IReadOnlyList<string> peerUrls, bool isLearner, TimeSpan timeout, CancellationToken ct);

    /// <summary>MemberRemove, subject to etcd's strict reconfiguration checks.</summary>
    Task<RpcResult<MemberListReply>> MemberRemoveAsync(string endpoint, ulong memberId, TimeSpan timeout, CancellationToken ct);

    /// <summary>MemberUpdate: replaces a member's peer URLs.</summary>
    Task<RpcResult<MemberListReply>> MemberUpdateAsync(string endpoint, ulong memberId, IReadOnlyList<string> peerUrls, TimeSpan timeout, CancellationToken ct);

    /// <summary>MemberPromote: turns a learner that is in sync into a voting member.</summary>
    Task<RpcResult<MemberListReply>> MemberPromoteAsync(string endpoint, ulong memberId, TimeSpan timeout, CancellationToken ct);

    /// <summary>Maintenance Status: answered locally, no quorum needed.</summary>
    Task<RpcResult<StatusReply>> StatusAsync(string endpoint, TimeSpan timeout, CancellationToken ct);

    /// <summary>Range over <c>[key, rangeEnd)</c> (a single key when <paramref name="rangeEnd"/> is null);
    /// linearizable unless <paramref name="serializable"/>.</summary>
    Task<RpcResult<RangeReply>> RangeAsync(string endpoint, string key, string? rangeEnd, bool serializable, TimeSpan timeout, CancellationToken ct);

    /// <summary>Put one key.</summary>
    Task<RpcResult<PutReply>> PutAsync(string endpoint, string key, string value, TimeSpan timeout, CancellationToken ct);

    /// <summary>The check behind <c>etcdctl endpoint health</c>: a linearizable get of key <c>health</c>
    /// on every endpoint at once, each bounded by <paramref name="timeout"/>.</summary>
    Task<IReadOnlyList<HealthReply>> CheckHealthAsync(IReadOnlyList<string> endpoints, TimeSpan timeout, CancellationToken ct);

    /// <summary>Maintenance Snapshot streamed from one member into <paramref name="path"/> on
    /// <paramref name="host"/>. A single member serves it without quorum.</summary>
    Task<RpcResult<SnapshotSaveReply>> SnapshotSaveAsync(string endpoint, string host, string path, TimeSpan timeout, CancellationToken ct);

    /// <summary><c>etcdctl snapshot restore</c> run on <paramref name="host"/>: writes a new data dir
    /// from a snapshot file, as etcd 3.4's restore does (new member and cluster IDs).</summary>
    Task<RpcResult<SnapshotRestoreReply>> SnapshotRestoreAsync(string host, SnapshotRestoreRequest request, CancellationToken ct);

    /// <summary><c>ETCDCTL_API=2 etcdctl backup</c> run on <paramref name="host"/>: copies the data dir's
    /// snapshot and WAL into the backup dir, drops the WAL's configuration changes (and, without
    /// <c>--with-v3</c>, the v3 keyspace) and gives the copy a new member ID and cluster ID, so that only
    /// <c>--force-new-cluster</c> starts it. A data dir of a running member is refused, like a copy.</summary>
    Task<RpcResult<BackupReply>> BackupAsync(string host, BackupRequest request, CancellationToken ct);

    /// <summary>Whether the member listening at <paramref name="endpoint"/> serves etcd's v2 API (it was
    /// started with <c>--enable-v2</c>, which etcd 3.4 leaves off: then <c>/v2/members</c> answers 404);
    /// null when no running member listens there or the target cannot tell.</summary>
    bool? ServesV2At(string endpoint) => null;

    // ---- etcdctl -----------------------------------------------------------------------------

    /// <summary>Runs one etcdctl command on <paramref name="host"/>, as an operator's shell there would,
    /// and returns what it printed and its exit code. Without <c>--endpoints</c> it talks to
    /// <paramref name="defaultEndpoint"/> (the host's own client URL, where etcdctl's 127.0.0.1:2379 would
    /// reach on a machine of its own).</summary>
    /// <remarks>
    /// <para>By default the project's <see cref="EtcdctlEmulator"/> answers, through the client calls of
    /// <paramref name="clientCalls"/>. A target that can run the real binary (the Docker lab) overrides
    /// this and runs etcdctl with <see cref="EtcdctlInvocation.Argv"/> exactly as parsed, as the host's
    /// user, on the host's disk, bounded in time. Either way the runner's retries, expectations and
    /// captures see the same <see cref="EtcdctlOutput"/>, so one code path serves both targets.</para>
    /// <para><paramref name="clientCalls"/> is the outermost target the runner holds: a decorator (the
    /// fault clock) passes itself on, so that every call an emulated etcdctl makes goes through it.</para>
    /// </remarks>
    Task<EtcdctlOutput> RunEtcdctlAsync(string host, string defaultEndpoint, EtcdctlInvocation invocation, IClusterTarget clientCalls, CancellationToken ct) =>
        new EtcdctlEmulator(clientCalls).RunAsync(host, defaultEndpoint, invocation, ct);

    // ---- time, traffic, observation -----------------------------------------------------------

    /// <summary>Lets <paramref name="duration"/> pass: virtual time on the simulator, real time on Docker.</summary>
    Task DelayAsync(TimeSpan duration, CancellationToken ct);

    /// <summary>Starts a background writer that runs until <see cref="StopWriterAsync"/> or its own bounds;
    /// every write is reported as <see cref="Events.ClientWriteAcknowledged"/> or <see cref="Events.ClientWriteFailed"/>.</summary>
    Task StartWriterAsync(WriterSpec spec, CancellationToken ct);

    /// <summary>Stops a background writer and waits for its write in flight to finish. A writer that
    /// was never started (or already stopped) is refused.</summary>
    Task StopWriterAsync(string writer, CancellationToken ct);

    /// <summary>What each host shows right now: process state and, for a member that serves
    /// clients, its status and its local member list. A running member that does not answer yet
    /// is waited for a short while (a real Status call is held until the member is ready), so an
    /// observation may take a few hundred milliseconds of target time, and otherwise none.</summary>
    Task<ClusterObservation> ObserveAsync(CancellationToken ct);
}
