namespace EtcdLab.Sim.Simulation;

/// <summary>
/// Watches raft from the inside, for safety checks that no observation through the cluster API
/// can make (two leaders in one term, two members applying different entries at one index).
/// </summary>
internal interface ISimulationMonitor
{
    void LeaderElected(ulong memberId, ulong term);

    void Applied(ulong memberId, ulong index, ulong term, object? data);
}
