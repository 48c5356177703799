namespace EtcdLab.Fuzz.Running;

/// <summary>How a fuzzer counts one run.</summary>
public enum CaseVerdict
{
    /// <summary>Every promised invariant held and the procedure completed.</summary>
    Passed,

    /// <summary>A finding: the run failed, within tolerance (or beyond it, where the profile allows that).</summary>
    Failed,

    /// <summary>The run went beyond tolerance under a profile that allows nothing beyond it: it is not
    /// counted, whatever its verdict (the generator aims within tolerance by the fault-free run's clock,
    /// and faults move that clock).</summary>
    Discarded,
}
