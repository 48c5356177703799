using Akka.Actor;
using EtcdLab.Sim.Hosts;
using EtcdLab.Sim.Simulation;

namespace EtcdLab.Sim.Clients;

/// <summary>Where host actors send their answers; hands them to the <see cref="SimClient"/>.</summary>
internal sealed class ClientInboxActor(SimClient client, Simulator sim) : UntypedActor
{
    protected override void OnReceive(object message)
    {
        try
        {
            if (message is HostProtocol.Reply reply) client.OnReply(reply);
        }
        catch (Exception e)
        {
            sim.ReportFault(e);
        }
    }
}
