namespace EtcdLab.Sim.Simulation;

/// <summary>Something that happens at one virtual instant (a message delivery, a timer).</summary>
internal interface ISimEvent
{
    void Fire();
}
