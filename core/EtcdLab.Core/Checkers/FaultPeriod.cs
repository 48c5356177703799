using EtcdLab.Core.Events;

namespace EtcdLab.Core.Checkers;

/// <summary>One fault of a run's schedule that struck, and when it counted as beyond tolerance.</summary>
/// <param name="Fault">The fault's number in its schedule, from 1.</param>
/// <param name="Description">The fault in an operator's words.</param>
/// <param name="Hosts">The hosts it hit.</param>
/// <param name="WithinTolerance">True when the cluster tolerated it when it struck (see <see cref="FaultInjected.WithinTolerance"/>).</param>
/// <param name="Step">The step during which it struck.</param>
/// <param name="From">The <see cref="RunEvent.Seq"/> of its <see cref="FaultInjected"/>.</param>
/// <param name="Undone">The <see cref="RunEvent.Seq"/> of its <see cref="FaultUndone"/>; <see cref="long.MaxValue"/> when the log never undid it.</param>
/// <param name="BeyondFrom">The first event at which it counts as beyond tolerance: <paramref name="From"/> for a fault
/// beyond tolerance when it struck; for one within tolerance then, the event after which fewer voting members ran
/// than a quorum that the members it held out would have made (the procedure itself took down others meanwhile);
/// null when it stayed within tolerance.</param>
/// <param name="Ends">The first event it no longer counts for: its undo, for a fault that stayed within tolerance;
/// otherwise the first observation after its undo in which a quorum of the voting members serves with a leader
/// again (the cluster has recovered), <see cref="long.MaxValue"/> when that never came.</param>
public sealed record FaultPeriod(
    int Fault,
    string Description,
    IReadOnlyList<string> Hosts,
    bool WithinTolerance,
    int Step,
    long From,
    long Undone,
    long? BeyondFrom,
    long Ends)
{
    /// <summary>True when the fault counted as beyond tolerance at some moment.</summary>
    public bool EverBeyond => BeyondFrom is not null;

    /// <summary>True when the fault counts as beyond tolerance at event number <paramref name="seq"/>.</summary>
    public bool BeyondAt(long seq) => BeyondFrom is { } from && from <= seq && seq < Ends;

    /// <summary>"fault 2 (kill m1 right after step 8, restart it 2s later)".</summary>
    public override string ToString() => $"fault {Fault} ({Description})";

    /// <inheritdoc />
    public bool Equals(FaultPeriod? other) =>
        other is not null && Fault == other.Fault && Description == other.Description && Hosts.SequenceEqual(other.Hosts)
        && WithinTolerance == other.WithinTolerance && Step == other.Step && From == other.From && Undone == other.Undone
        && BeyondFrom == other.BeyondFrom && Ends == other.Ends;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Fault, From, Ends);
}
