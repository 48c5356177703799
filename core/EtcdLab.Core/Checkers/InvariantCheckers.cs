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
    ];

    /// <summary>Checks every invariant on <paramref name="events"/>; those the scenario promises are marked.</summary>
    public static IReadOnlyList<InvariantVerdict> Check(IReadOnlyList<RunEvent> events)
    {
        var log = new RunLog(events);
        return All.Select(c => InvariantVerdict.Of(c, log.Declaration.Invariants.Contains(c.Id), c.Check(log))).ToArray();
    }
}
