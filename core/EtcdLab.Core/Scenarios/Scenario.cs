using EtcdLab.Core.Events;

namespace EtcdLab.Core.Scenarios;

/// <summary>A runbook procedure as a scenario file states it: the starting cluster, the steps, and what the scenario promises.</summary>
/// <param name="Name">Scenario name, for example <c>replace-failed-member</c>.</param>
/// <param name="File">Path of the file it was read from.</param>
/// <param name="Procedure">The runbook procedure it follows (<c>P1</c>..<c>P8</c>), or the procedure a mutant breaks.</param>
/// <param name="Runbook">The runbook documents it comes from.</param>
/// <param name="Description">What the scenario shows, in a few sentences.</param>
/// <param name="Cluster">The hosts and the etcd configuration they start with.</param>
/// <param name="Promises">The invariants that must hold and the shape the cluster must end in.</param>
/// <param name="Steps">The procedure, numbered from 1.</param>
/// <param name="Breaks">For a mutant (a deliberately broken procedure): the invariants it must break.</param>
public sealed record Scenario(
    string Name,
    string File,
    string Procedure,
    string Runbook,
    string Description,
    ClusterDefinition Cluster,
    Promises Promises,
    IReadOnlyList<Step> Steps,
    IReadOnlyList<string> Breaks)
{
    /// <summary>The scenario's declarations as <see cref="RunStarted"/> carries them, with steps 0 (bootstrap)
    /// and n+1 (verify), and host addresses moved through <paramref name="addresses"/> (default: as written).</summary>
    public ScenarioDeclaration Declare(Targets.AddressMap? addresses = null)
    {
        var map = addresses ?? Targets.AddressMap.Identity;
        var steps = new List<StepInfo> { new(0, 0, null, "bootstrap: start " + string.Join(", ", Cluster.InitialMembers.Select(h => h.Name)) + " as a new cluster") };
        steps.AddRange(Steps.Select(s => new StepInfo(s.Index, s.Line, s.Id, s.Describe())));
        steps.Add(new StepInfo(Steps.Count + 1, 0, null, "verify: let the cluster settle, observe it, read every key"));
        return new ScenarioDeclaration(
            Name, File, Procedure, Runbook,
            Cluster.Hosts.Select(h => new HostDeclaration(h.Name, map.Map(h.Ip), h.InitialMember)).ToArray(),
            Promises.Invariants, Promises.FinalMembers, Promises.LossWindows, Promises.OnlineWindows, steps);
    }
}
