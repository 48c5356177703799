using Akka.Dispatch;

namespace EtcdLab.Sim.Simulation;

/// <summary>
/// Runs an actor's mailbox on the thread that sends to it, so a Tell from the simulator loop is
/// processed before Tell returns and deliveries happen one at a time in the simulator's order.
/// </summary>
internal sealed class SynchronousDispatcher(MessageDispatcherConfigurator configurator) : MessageDispatcher(configurator)
{
    protected override void ExecuteTask(IRunnable run) => run.Run();

    protected override void Shutdown()
    {
    }
}
