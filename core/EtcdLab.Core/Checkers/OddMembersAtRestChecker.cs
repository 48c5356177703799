using EtcdLab.Core.Events;

namespace EtcdLab.Core.Checkers;

/// <summary>Whenever the procedure is at rest, the cluster has an odd number of voting members:
/// an even count tolerates no more failures than one member fewer.</summary>
/// <remarks>Applies when the run reached a rest point (a <c>rest</c> step, or the end of the procedure)
/// and some member served right after it, so the voting members could be counted. Not applicable
/// otherwise: without a rest point nothing is meant to be at rest, and without a serving member the
/// count is unknown (quorum-kept and final-membership say why nothing served).</remarks>
public sealed class OddMembersAtRestChecker : IInvariantChecker
{
    /// <inheritdoc />
    public string Id => InvariantIds.OddMembersAtRest;

    /// <inheritdoc />
    public string Title => "odd number of voting members at rest";

    /// <inheritdoc />
    public CheckResult Check(RunLog log)
    {
        var violations = new List<Violation>();
        var restPoints = 0;
        var counted = 0;
        for (var i = 0; i < log.Events.Count; i++)
        {
            if (log.Events[i] is not RestPoint rest) continue;
            restPoints++;
            var observed = log.Events.Skip(i + 1).OfType<ClusterObserved>().FirstOrDefault();
            if (observed is null || RunLog.Membership(observed.Observation) is not { } members) continue;
            counted++;
            var voters = members.Where(m => !m.IsLearner).ToArray();
            if (voters.Length % 2 == 1) continue;
            var names = string.Join(", ", voters.Select(m => m.IsStarted ? m.Name : $"{m.IdHex} (unstarted)").Order(StringComparer.Ordinal));
            violations.Add(new Violation(rest.Step,
                null,
                $"At rest ('{rest.Label}', {log.StepText(rest.Step)}) the cluster has {voters.Length} voting members ({names}): " +
                $"{voters.Length} members tolerate {(voters.Length - 1) / 2} failure(s), no more than {voters.Length - 1} would, so keep the count odd. " +
                "Runbook 000 warns: \"The number of etcd nodes must be odd, so you must add at least two hosts.\"") { Seq = observed.Seq });
        }
        if (restPoints == 0)
            return CheckResult.NotApplicable("the run reached no rest point (no `rest` step, and it stopped before the end of the procedure)");
        if (counted == 0)
            return CheckResult.NotApplicable($"no member served after any of the {restPoints} rest point(s), so the voting members could not be counted");
        return CheckResult.Checked(violations);
    }
}
