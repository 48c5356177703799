using Akka.Actor;

namespace EtcdLab.Sim.Simulation;

/// <summary>
/// Parent of every simulated actor. <c>ActorSystem.ActorOf</c> starts a top-level actor on a
/// guardian thread, which would race with the simulator loop; children made with
/// <c>Context.ActorOf</c> start synchronously on the synchronous dispatcher. So the root builds
/// the whole world once, in <see cref="PreStart"/>, signals, and is never sent anything again.
/// </summary>
internal sealed class SimRootActor(Action<IActorContext> build, ManualResetEventSlim built, Action<Exception> fault) : UntypedActor
{
    protected override void PreStart()
    {
        try
        {
            build(Context);
        }
        catch (Exception e)
        {
            fault(e);
        }
        finally
        {
            built.Set();
        }
    }

    protected override void OnReceive(object message) => Unhandled(message);
}
