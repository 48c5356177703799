using Akka.Actor;

namespace EtcdLab.Sim.Simulation;

/// <summary>Delivers one message to an actor when its time comes.</summary>
internal sealed class TellEvent(IActorRef target, object message) : ISimEvent
{
    public void Fire() => target.Tell(message, ActorRefs.NoSender);
}
