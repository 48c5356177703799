namespace EtcdLab.Sim.Simulation;

/// <summary>Runs a callback of the simulated client side (a deadline, a writer tick) when its time comes.</summary>
internal sealed class ActionEvent(Action action) : ISimEvent
{
    public void Fire() => action();
}
