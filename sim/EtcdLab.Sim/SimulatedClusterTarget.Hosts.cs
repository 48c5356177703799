using Akka.Actor;
using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Targets;
using EtcdLab.Sim.Hosts;
using EtcdLab.Sim.Network;
using EtcdLab.Sim.Server;

namespace EtcdLab.Sim;

public sealed partial class SimulatedClusterTarget
{
    /// <inheritdoc />
    public Task StartAsync(string host, EtcdFlags flags, CancellationToken ct)
    {
        HostRef(host);
        TakeMachineTime(_options.ProcessStartMicros, ct);
        // What every --initial-cluster URL would answer to GET /members at this instant.
        var answers = new Dictionary<string, ClusterInfo?>(StringComparer.Ordinal);
        if (flags.Get("initial-cluster") is { } initialCluster)
        {
            foreach (var pair in initialCluster.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var eq = pair.IndexOf('=');
                if (eq <= 0) continue;
                var url = pair[(eq + 1)..];
                answers[url] = _network!.FetchMembers(host, url);
            }
        }
        HostAction(host, (id, inbox) => new HostProtocol.StartProcess(id, flags, answers, inbox), ct);
        _lastFlags[host] = flags;
        return Task.CompletedTask;
    }

    /// <summary>Lets the time a host action takes on a real machine pass (see <see cref="Simulation.SimulationOptions"/>),
    /// so that what is observed after the action is what a real operator would see.</summary>
    private void TakeMachineTime(long micros, CancellationToken ct)
    {
        if (micros > 0) RunUntil(Sim.NowMicros + micros, ct);
    }

    /// <inheritdoc />
    public Task StopAsync(string host, CancellationToken ct)
    {
        HostAction(host, (id, inbox) => new HostProtocol.StopProcess(id, Kill: false, inbox), ct);
        TakeMachineTime(_options.ProcessStopMicros, ct);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task KillAsync(string host, CancellationToken ct)
    {
        HostAction(host, (id, inbox) => new HostProtocol.StopProcess(id, Kill: true, inbox), ct);
        TakeMachineTime(_options.ProcessKillMicros, ct);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task PauseAsync(string host, CancellationToken ct)
    {
        HostAction(host, (id, inbox) => new HostProtocol.PauseProcess(id, inbox), ct);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ResumeAsync(string host, CancellationToken ct)
    {
        HostAction(host, (id, inbox) => new HostProtocol.ResumeProcess(id, inbox), ct);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task RemoveDirectoryAsync(string host, string path, CancellationToken ct)
    {
        HostAction(host, (id, inbox) => new HostProtocol.RemoveDirectory(id, path, inbox), ct);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task CopyDirectoryAsync(string host, string from, string to, CancellationToken ct)
    {
        HostAction(host, (id, inbox) => new HostProtocol.CopyDirectory(id, from, to, inbox), ct);
        TakeMachineTime(_options.CopyDirectoryMicros, ct);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task CopyFileAsync(string fromHost, string fromPath, string toHost, string toPath, CancellationToken ct)
    {
        var content = HostAction(fromHost, (id, inbox) => new HostProtocol.ReadFile(id, fromPath, inbox), ct)!;
        HostAction(toHost, (id, inbox) => new HostProtocol.WriteFile(id, toPath, content, inbox), ct);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task ChangeIpAsync(string host, string newIp, EtcdFlags? flagsAfterMove, CancellationToken ct)
    {
        HostRef(host);
        foreach (var other in _hostOrder)
            if (other != host && _network!.IpOf(other) == newIp)
                throw new HostActionException(host, $"cannot move {host} to {newIp}: {other} already has that address");
        var observation = (HostObservation)Command(host, (id, inbox) => new HostProtocol.Observe(id, inbox), ct)!;
        var wasRunning = observation.Process is ProcessState.Running or ProcessState.Paused;
        if (observation.Process == ProcessState.Paused) await KillAsync(host, ct).ConfigureAwait(false);
        else if (wasRunning) await StopAsync(host, ct).ConfigureAwait(false);
        HostAction(host, (id, inbox) => new HostProtocol.SetIp(id, newIp, inbox), ct);
        if (wasRunning) await StartAsync(host, flagsAfterMove ?? _lastFlags[host], ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task PartitionAsync(IReadOnlyList<IReadOnlyList<string>> groups, CancellationToken ct)
    {
        foreach (var h in groups.SelectMany(g => g)) HostRef(h);
        _networkRef.Tell(new NetworkProtocol.Partition(groups));
        Sim.ReportFaultIfAny();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task HealAsync(CancellationToken ct)
    {
        _networkRef.Tell(NetworkProtocol.Heal.Instance);
        Sim.ReportFaultIfAny();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<RpcResult<SnapshotRestoreReply>> SnapshotRestoreAsync(string host, SnapshotRestoreRequest request, CancellationToken ct)
    {
        var result = Command(host, (id, inbox) => new HostProtocol.RestoreSnapshot(id, request, inbox), ct);
        TakeMachineTime(_options.SnapshotRestoreMicros, ct);
        return Task.FromResult(result is RpcError error ? RpcResult<SnapshotRestoreReply>.Fail(error) : RpcResult<SnapshotRestoreReply>.Ok((SnapshotRestoreReply)result!));
    }
}
