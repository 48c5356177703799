namespace EtcdLab.Core.Targets;

/// <summary>The hosts of one run, as a target needs them before any process starts.</summary>
/// <param name="RunId">Unique id of the run; names containers, directories and the event stream.</param>
/// <param name="Hosts">Every host the scenario may use, with its loopback address at the start.</param>
/// <param name="Seed">Seed of the run's pseudo-random choices (the simulator derives everything from it).</param>
public sealed record ClusterSpec(string RunId, IReadOnlyList<HostSpec> Hosts, ulong Seed);
