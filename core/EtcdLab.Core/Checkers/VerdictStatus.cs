namespace EtcdLab.Core.Checkers;

/// <summary>What a checker concluded about one invariant on one run.</summary>
public enum VerdictStatus
{
    /// <summary>The checker had something to check and found no breach.</summary>
    Holds,

    /// <summary>The checker found at least one breach.</summary>
    Broken,

    /// <summary>The run gave the checker nothing to check (no online step, no acknowledged write, no member
    /// removed, ...): the invariant neither held nor broke, and a promised one does not fail the run.</summary>
    NotApplicable,
}
