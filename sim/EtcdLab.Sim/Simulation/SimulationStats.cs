namespace EtcdLab.Sim.Simulation;

/// <summary>How much the simulation has done: what a benchmark divides by wall time.</summary>
/// <param name="EventsProcessed">Events taken from the simulator's queue (deliveries, timers, client steps).</param>
/// <param name="VirtualElapsed">Virtual time since the target was initialised.</param>
/// <param name="PeerMessagesSent">Peer messages handed to the simulated network.</param>
/// <param name="PeerMessagesDropped">Peer messages lost: partition, no route, dead receiver or random drop.</param>
public sealed record SimulationStats(long EventsProcessed, TimeSpan VirtualElapsed, long PeerMessagesSent, long PeerMessagesDropped);
