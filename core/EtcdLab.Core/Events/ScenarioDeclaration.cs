namespace EtcdLab.Core.Events;

/// <summary>What a scenario declares about itself, carried in <see cref="RunStarted"/>.</summary>
/// <param name="Name">Scenario name, for example <c>replace-failed-member</c>.</param>
/// <param name="File">Path of the scenario file.</param>
/// <param name="Procedure">Runbook procedure it follows, for example <c>P1</c>.</param>
/// <param name="Runbook">The runbook documents it comes from.</param>
/// <param name="Hosts">The hosts, their first addresses and whether they start as members.</param>
/// <param name="Invariants">Ids of the invariants the scenario promises.</param>
/// <param name="FinalMembers">Hosts whose members the cluster must have at the end, and only those.</param>
/// <param name="LossWindows">Step ranges whose acknowledged writes a restore may lose.</param>
/// <param name="OnlineWindows">Step ranges during which the cluster must keep quorum and serve writes.</param>
/// <param name="Steps">Every step, numbered as events name them.</param>
public sealed record ScenarioDeclaration(
    string Name,
    string File,
    string Procedure,
    string Runbook,
    IReadOnlyList<HostDeclaration> Hosts,
    IReadOnlyList<string> Invariants,
    IReadOnlyList<string> FinalMembers,
    IReadOnlyList<StepWindow> LossWindows,
    IReadOnlyList<StepWindow> OnlineWindows,
    IReadOnlyList<StepInfo> Steps)
{
    /// <inheritdoc />
    public bool Equals(ScenarioDeclaration? other) =>
        other is not null && Name == other.Name && File == other.File && Procedure == other.Procedure && Runbook == other.Runbook
        && Hosts.SequenceEqual(other.Hosts) && Invariants.SequenceEqual(other.Invariants) && FinalMembers.SequenceEqual(other.FinalMembers)
        && LossWindows.SequenceEqual(other.LossWindows) && OnlineWindows.SequenceEqual(other.OnlineWindows) && Steps.SequenceEqual(other.Steps);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, File);
}
