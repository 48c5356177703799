using EtcdLab.Core.Events;

namespace EtcdLab.Core.Checkers;

/// <summary>Whenever the procedure is at rest, the cluster has an odd number of voting members:
/// an even count tolerates no more failures than one member fewer.</summary>
public sealed class OddMembersAtRestChecker : IInvariantChecker
{
    /// <inheritdoc />
    public string Id => InvariantIds.OddMembersAtRest;

    /// <inheritdoc />
    public string Title => "odd number of voting members at rest";

    /// <inheritdoc />
    public IReadOnlyList<Violation> Check(RunLog log)
    {
        var violations = new List<Violation>();
        for (var i = 0; i < log.Events.Count; i++)
        {
            if (log.Events[i] is not RestPoint rest) continue;
            var observed = log.Events.Skip(i + 1).OfType<ClusterObserved>().FirstOrDefault();
            if (observed is null || RunLog.Membership(observed.Observation) is not { } members) continue;
            var voters = members.Where(m => !m.IsLearner).ToArray();
            if (voters.Length % 2 == 1) continue;
            var names = string.Join(", ", voters.Select(m => m.IsStarted ? m.Name : $"{m.IdHex} (unstarted)").Order(StringComparer.Ordinal));
            violations.Add(new Violation(rest.Step,
                null,
                $"At rest ('{rest.Label}', {log.StepText(rest.Step)}) the cluster has {voters.Length} voting members ({names}): " +
                $"{voters.Length} members tolerate {(voters.Length - 1) / 2} failure(s), no more than {voters.Length - 1} would, so keep the count odd. " +
                "Runbook 000 warns: \"The number of etcd nodes must be odd, so you must add at least two hosts.\""));
        }
        return violations;
    }
}
