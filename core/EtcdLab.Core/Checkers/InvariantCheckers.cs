using EtcdLab.Core.Events;

namespace EtcdLab.Core.Checkers;

/// <summary>Every checker, and the verdicts of all of them on a run.</summary>
public static class InvariantCheckers
{
    /// <summary>One checker per invariant, in report order.</summary>
    public static IReadOnlyList<IInvariantChecker> All { get; } =
    [
        new OddMembersAtRestChecker(),
        new OneMemberAddedAtATimeChecker(),
        new QuorumKeptChecker(),
        new SingleClusterIdChecker(),
        new NoAcknowledgedWriteLostChecker(),
        new NoLocalhostPeerUrlChecker(),
        new RemovedMemberWipedChecker(),
        new ForceNewClusterRemovedChecker(),
        new FinalMembershipChecker(),
        new OneLeaderPerTermChecker(),
        new StateAgreementChecker(),
        new PeerCertificateCoversAddressChecker(),
        new CertificatesFromTrustedCaChecker(),
    ];

    /// <summary>Checks every invariant on <paramref name="events"/>; those the scenario promises are marked.
    /// In a run under a fault schedule each breach is classified (<see cref="Violation.Tolerance"/>) by its
    /// checker's <see cref="IInvariantChecker.ToleranceRule"/>; in a run without one nothing changes.</summary>
    public static IReadOnlyList<InvariantVerdict> Check(IReadOnlyList<RunEvent> events)
    {
        var log = new RunLog(events);
        return All.Select(c => InvariantVerdict.Of(c, log.Declaration.Invariants.Contains(c.Id), Classify(c, c.Check(log), log))).ToArray();
    }

    /// <summary><paramref name="result"/> with each breach placed among the faults of the run's schedule.</summary>
    public static CheckResult Classify(IInvariantChecker checker, CheckResult result, RunLog log) =>
        !log.Faults.UnderFaults || result.Violations.Count == 0
            ? result
            : result.WithViolations(result.Violations.Select(v => v with { Tolerance = log.Faults.Classify(checker.ToleranceRule, v.Step, v.Seq) }).ToArray());
}
