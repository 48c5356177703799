using Akka.Actor;

namespace EtcdLab.Sim.Network;

/// <summary>The actor face of <see cref="SimNetwork"/>: host actors send their peer traffic here.</summary>
internal sealed class NetworkActor : UntypedActor
{
    private readonly SimNetwork _network;
    private readonly Simulation.Simulator _sim;

    public NetworkActor(SimNetwork network, Simulation.Simulator sim)
    {
        _network = network;
        _sim = sim;
    }

    protected override void OnReceive(object message)
    {
        try
        {
            _network.Handle(message);
        }
        catch (Exception e)
        {
            _sim.ReportFault(e);
        }
    }
}
