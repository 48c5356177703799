namespace EtcdLab.Sim.Simulation;

/// <summary>
/// Watches raft from the inside, for safety checks that no observation through the cluster API
/// can make (two leaders in one term, two members applying different entries at one index).
/// </summary>
internal interface ISimulationMonitor
{
    /// <summary>Member <paramref name="memberId"/> of cluster <paramref name="clusterId"/> became leader of <paramref name="term"/>.</summary>
    void LeaderElected(ulong clusterId, ulong memberId, ulong term);

    /// <summary>Member <paramref name="memberId"/> of cluster <paramref name="clusterId"/> applied the entry at
    /// <paramref name="index"/>, written in <paramref name="term"/>, holding <paramref name="data"/>.</summary>
    void Applied(ulong clusterId, ulong memberId, ulong index, ulong term, object? data);

    /// <summary>Member <paramref name="memberId"/> restarts with <c>--force-new-cluster</c>: it drops every entry of
    /// cluster <paramref name="clusterId"/> from <paramref name="fromIndex"/> on (past the commit index it knows) and
    /// writes its own there, so the cluster's history continues from it.</summary>
    void ForcedNewCluster(ulong clusterId, ulong memberId, ulong fromIndex);
}
