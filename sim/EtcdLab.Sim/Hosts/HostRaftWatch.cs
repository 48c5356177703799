using EtcdLab.Core.Events;
using EtcdLab.Core.Recording;
using EtcdLab.Sim.Simulation;

namespace EtcdLab.Sim.Hosts;

/// <summary>
/// What the etcd on one host tells about raft from the inside, put into the run's event log: a
/// <see cref="Core.Events.LeaderElected"/> when it becomes leader, and a <see cref="RaftSafetyViolated"/>
/// when it applies another entry than a member of its cluster applied at the same index (where a member
/// restarted with <c>--force-new-cluster</c> rewrote the history, its own entries count from then on). It
/// passes everything on to the simulator's <see cref="Simulator.Monitor"/>, which tests may attach.
/// </summary>
internal sealed class HostRaftWatch(string host, IRunRecorder recorder, Simulator sim) : ISimulationMonitor
{
    /// <inheritdoc />
    public void LeaderElected(ulong clusterId, ulong memberId, ulong term)
    {
        recorder.Record(new Core.Events.LeaderElected(host, memberId, term));
        sim.Monitor?.LeaderElected(clusterId, memberId, term);
    }

    /// <inheritdoc />
    public void Applied(ulong clusterId, ulong memberId, ulong index, ulong term, object? data)
    {
        if (sim.Applied.Apply(host, clusterId, index, term, data) is { } other)
            recorder.Record(new RaftSafetyViolated(host, other.Host, clusterId, index, other.Applied, other.OtherApplied));
        sim.Monitor?.Applied(clusterId, memberId, index, term, data);
    }

    /// <inheritdoc />
    public void ForcedNewCluster(ulong clusterId, ulong memberId, ulong fromIndex)
    {
        sim.Applied.Rewrite(clusterId, fromIndex);
        sim.Monitor?.ForcedNewCluster(clusterId, memberId, fromIndex);
    }
}
