namespace EtcdLab.Core.Checkers;

/// <summary>Checks one invariant, reading nothing but a run's event log.</summary>
public interface IInvariantChecker
{
    /// <summary>The id scenario files promise it by (see <see cref="InvariantIds"/>).</summary>
    string Id { get; }

    /// <summary>The invariant in a few words.</summary>
    string Title { get; }

    /// <summary>Every breach of the invariant in <paramref name="log"/>, in order; or, when the run gives
    /// the checker nothing to check, that the invariant does not apply and why (never a vacuous "holds").</summary>
    CheckResult Check(RunLog log);

    /// <summary>How a breach is placed among the faults of a schedule: a procedural promise counts a fault
    /// beyond tolerance only while it is in force; a safety invariant or the end state counts every one that
    /// struck before the breach.</summary>
    ToleranceRule ToleranceRule => ToleranceRule.WhileInForce;
}
