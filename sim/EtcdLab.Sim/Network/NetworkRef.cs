using Akka.Actor;
using EtcdLab.Sim.Simulation;

namespace EtcdLab.Sim.Network;

/// <summary>
/// The actor reference host actors send their peer traffic to. It hands each message straight to
/// <see cref="SimNetwork"/> on the sender's thread: the network only enqueues deliveries into the
/// simulator's queue, so a mailbox in between would cost a hop per message and change nothing.
/// In specs a TestProbe stands in its place.
/// </summary>
internal sealed class NetworkRef(SimNetwork network, Simulator sim, IActorRefProvider provider, ActorPath path) : MinimalActorRef
{
    public override ActorPath Path { get; } = path;

    /// <summary>The network itself, for the synchronous questions a process asks of it (does a peer URL answer?).</summary>
    public SimNetwork Network { get; } = network;

    public override IActorRefProvider Provider { get; } = provider;

    protected override void TellInternal(object message, IActorRef sender)
    {
        try
        {
            Network.Handle(message, sender);
        }
        catch (Exception e)
        {
            sim.ReportFault(e);
        }
    }
}
