using Akka.Configuration;
using Akka.Dispatch;

namespace EtcdLab.Sim.Simulation;

/// <summary>
/// HOCON entry point of the synchronous dispatcher the simulated hosts run on
/// (<c>type = "EtcdLab.Sim.Simulation.SynchronousDispatcherConfigurator, EtcdLab.Sim"</c>).
/// Akka creates it by reflection, hence public.
/// </summary>
public sealed class SynchronousDispatcherConfigurator : MessageDispatcherConfigurator
{
    private readonly MessageDispatcher _dispatcher;

    /// <summary>Called by Akka with the dispatcher's configuration section.</summary>
    public SynchronousDispatcherConfigurator(Config config, IDispatcherPrerequisites prerequisites)
        : base(config, prerequisites) => _dispatcher = new SynchronousDispatcher(this);

    /// <summary>The one dispatcher instance every simulated actor shares.</summary>
    public override MessageDispatcher Dispatcher() => _dispatcher;

    /// <summary>The dispatcher id to use in <c>Props.WithDispatcher</c>.</summary>
    public const string Id = "etcdlab-sim-dispatcher";

    /// <summary>HOCON that declares the dispatcher under <see cref="Id"/>.</summary>
    public static string Hocon =>
        $$"""
        {{Id}} {
          type = "{{typeof(SynchronousDispatcherConfigurator).FullName}}, {{typeof(SynchronousDispatcherConfigurator).Assembly.GetName().Name}}"
          throughput = 1000
        }
        """;
}
