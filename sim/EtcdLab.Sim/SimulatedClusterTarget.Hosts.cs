using Akka.Actor;
using EtcdLab.Core.Targets;
using EtcdLab.Sim.Hosts;
using EtcdLab.Sim.Server;

namespace EtcdLab.Sim;

public sealed partial class SimulatedClusterTarget
{
    /// <inheritdoc />
    /// <remarks>Every member is launched at the same virtual instant, after the time one start takes
    /// on the lab's machines, as the Docker lab launches a new cluster's containers together.</remarks>
    protected override Task BootstrapCoreAsync(IReadOnlyList<KeyValuePair<string, EtcdFlags>> members, CancellationToken ct)
    {
        TakeMachineTime(_options.ProcessStartMicros, ct);
        foreach (var (host, flags) in members) Launch(host, flags, ct);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override Task StartCoreAsync(string host, EtcdFlags flags, CancellationToken ct)
    {
        TakeMachineTime(_options.ProcessStartMicros, ct);
        Launch(host, flags, ct);
        return Task.CompletedTask;
    }

    private void Launch(string host, EtcdFlags flags, CancellationToken ct)
    {
        var tls = PeerTlsOf(host, flags, ct);
        // What every --initial-cluster URL would answer to GET /members at this instant.
        var answers = new Dictionary<string, ClusterInfo?>(StringComparer.Ordinal);
        if (flags.Get("initial-cluster") is { } initialCluster)
        {
            foreach (var pair in initialCluster.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var eq = pair.IndexOf('=');
                if (eq <= 0) continue;
                var url = pair[(eq + 1)..];
                answers[url] = _network!.FetchMembers(host, url, tls);
            }
        }
        HostAction(host, (id, inbox) => new HostProtocol.StartProcess(id, flags, answers, inbox, tls), ct);
    }

    /// <summary>The peer TLS etcd starts with: the files its flags name, as the host's disk holds them
    /// now (etcd reads them when it starts); null without <c>--peer-cert-file</c>.</summary>
    private Core.Certificates.PeerTlsConfig? PeerTlsOf(string host, EtcdFlags flags, CancellationToken ct)
    {
        if (flags.Get("peer-cert-file") is not { Length: > 0 } certPath) return null;
        string? Read(string? path)
        {
            if (path is not { Length: > 0 }) return null;
            try
            {
                return HostAction(host, (id, inbox) => new HostProtocol.ReadFile(id, HostPaths.Normalize(path), inbox), ct) is byte[] bytes
                    ? System.Text.Encoding.ASCII.GetString(bytes)
                    : null;
            }
            catch (Core.Exceptions.HostActionException)
            {
                return null;
            }
        }
        return new Core.Certificates.PeerTlsConfig(Read(certPath), Read(flags.Get("peer-trusted-ca-file")), flags.IsTrue("peer-client-cert-auth"));
    }

    /// <summary>Lets the time a host action takes on a real machine pass (see <see cref="Simulation.SimulationOptions"/>),
    /// so that what is observed after the action is what a real operator would see.</summary>
    private void TakeMachineTime(long micros, CancellationToken ct)
    {
        if (micros > 0) RunUntil(Sim.NowMicros + micros, ct);
    }

    /// <inheritdoc />
    protected override Task StopCoreAsync(string host, bool kill, bool paused, CancellationToken ct)
    {
        // A frozen process cannot act on SIGTERM: it is thawed first, as the Docker lab does.
        if (paused) HostAction(host, (id, inbox) => new HostProtocol.ResumeProcess(id, inbox), ct);
        HostAction(host, (id, inbox) => new HostProtocol.StopProcess(id, kill, inbox), ct);
        TakeMachineTime(kill ? _options.ProcessKillMicros : _options.ProcessStopMicros, ct);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override Task PauseCoreAsync(string host, CancellationToken ct)
    {
        HostAction(host, (id, inbox) => new HostProtocol.PauseProcess(id, inbox), ct);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override Task ResumeCoreAsync(string host, CancellationToken ct)
    {
        HostAction(host, (id, inbox) => new HostProtocol.ResumeProcess(id, inbox), ct);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override Task RemoveDirectoryCoreAsync(string host, string path, CancellationToken ct)
    {
        HostAction(host, (id, inbox) => new HostProtocol.RemoveDirectory(id, path, inbox), ct);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override Task CopyDirectoryCoreAsync(string host, string from, string to, CancellationToken ct)
    {
        HostAction(host, (id, inbox) => new HostProtocol.CopyDirectory(id, from, to, inbox), ct);
        TakeMachineTime(_options.CopyDirectoryMicros, ct);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override Task CopyFileCoreAsync(string fromHost, string fromPath, string toHost, string toPath, CancellationToken ct)
    {
        var content = HostAction(fromHost, (id, inbox) => new HostProtocol.ReadFile(id, fromPath, inbox), ct)!;
        HostAction(toHost, (id, inbox) => new HostProtocol.WriteFile(id, toPath, content, inbox), ct);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override Task WriteFileCoreAsync(string host, string path, byte[] content, CancellationToken ct)
    {
        HostAction(host, (id, inbox) => new HostProtocol.WriteFile(id, path, content.ToArray(), inbox), ct);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override Task<byte[]?> ReadFileCoreAsync(string host, string path, CancellationToken ct)
    {
        object? content;
        try
        {
            content = HostAction(host, (id, inbox) => new HostProtocol.ReadFile(id, path, inbox), ct);
        }
        catch (Core.Exceptions.HostActionException)
        {
            return Task.FromResult<byte[]?>(null); // No such file or directory
        }
        return content is byte[] bytes
            ? Task.FromResult<byte[]?>(bytes.ToArray())
            : throw new Core.Exceptions.HostActionException(host, $"{path} on {host} holds a snapshot, not a text file (a certificate or key).");
    }

    /// <inheritdoc />
    protected override Task MoveHostCoreAsync(string host, string newIp, CancellationToken ct)
    {
        HostAction(host, (id, inbox) => new HostProtocol.SetIp(id, newIp, inbox), ct);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override Task PartitionCoreAsync(IReadOnlyList<IReadOnlyList<string>> groups, CancellationToken ct)
    {
        _networkRef.Tell(new Network.NetworkProtocol.Partition(groups));
        Sim.ReportFaultIfAny();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override Task HealCoreAsync(CancellationToken ct)
    {
        _networkRef.Tell(Network.NetworkProtocol.Heal.Instance);
        Sim.ReportFaultIfAny();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>Loss on rafthttp's TCP streams shows as retransmission delays and head-of-line blocking,
    /// not as lost messages; a loss rate of 1 cuts the host off like a partition (see Network/SimNetwork.Degraded.cs).</remarks>
    protected override Task DegradeLinksCoreAsync(string host, TimeSpan latency, double lossRate, CancellationToken ct)
    {
        _networkRef.Tell(new Network.NetworkProtocol.DegradeLinks(host, (long)latency.TotalMicroseconds, lossRate));
        Sim.ReportFaultIfAny();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>Messages already held or on their way keep their time; later ones follow them.</remarks>
    protected override Task RestoreLinksCoreAsync(string host, CancellationToken ct)
    {
        _networkRef.Tell(new Network.NetworkProtocol.RestoreLinks(host));
        Sim.ReportFaultIfAny();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override Task<RpcResult<BackupReply>> BackupCoreAsync(string host, BackupRequest request, CancellationToken ct)
    {
        var unixMicros = Sim.Clock.UnixSeconds * 1_000_000 + Sim.Clock.NowMicros % 1_000_000;
        var result = Command(host, (id, inbox) => new HostProtocol.Backup(id, request, unixMicros, inbox), ct);
        TakeMachineTime(_options.CopyDirectoryMicros, ct);
        return Task.FromResult(RpcResult<BackupReply>.Ok((BackupReply)result!));
    }

    /// <inheritdoc />
    public override Task<RpcResult<SnapshotRestoreReply>> SnapshotRestoreAsync(string host, SnapshotRestoreRequest request, CancellationToken ct)
    {
        var result = Command(host, (id, inbox) => new HostProtocol.RestoreSnapshot(id, request, inbox), ct);
        TakeMachineTime(_options.SnapshotRestoreMicros, ct);
        return Task.FromResult(result is RpcError error ? RpcResult<SnapshotRestoreReply>.Fail(error) : RpcResult<SnapshotRestoreReply>.Ok((SnapshotRestoreReply)result!));
    }
}
