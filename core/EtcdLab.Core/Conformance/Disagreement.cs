namespace EtcdLab.Core.Conformance;

/// <summary>One fact on which the simulator and real etcd disagree, from the step where it starts.</summary>
/// <param name="Fact">What differs: <c>outcome</c>, <c>error</c>, <c>members</c>, <c>cluster-ids</c>, <c>healthy</c>, <c>exited</c>, <c>stdout</c>, <c>stderr</c> (etcdctl's output, line by line), or <c>verdict:&lt;invariant&gt;</c>.</param>
/// <param name="Step">The first step where it differs (-1 for a verdict).</param>
/// <param name="Sim">The simulator's value (for a verdict: <c>holds</c>, <c>broken</c> or <c>not applicable</c>).</param>
/// <param name="Docker">Real etcd's value.</param>
/// <param name="Steps">How many steps differ in this fact.</param>
public sealed record Disagreement(string Fact, int Step, string Sim, string Docker, int Steps);
