namespace EtcdLab.Cli.Output;

/// <summary>
/// What <c>etcdlab</c> exits with: 0 passed, 1 failed (an invariant broken or a step missed),
/// 2 bad input (a malformed scenario or event file, an unknown option, a missing Docker engine),
/// 3 an internal error (a bug in EtcdLab or a failed target: one line on stderr and the stack trace
/// in a file; a run ends aborted and keeps its folder), 128 + n interrupted by signal n (130 Ctrl-C,
/// 143 SIGTERM, 129 SIGHUP), as a shell reports a process a signal ended.
/// </summary>
public static class ExitCodes
{
    /// <summary>Every promised invariant holds and every step met its expectation.</summary>
    public const int Passed = 0;

    /// <summary>An invariant is broken or a step missed its expectation.</summary>
    public const int Failed = 1;

    /// <summary>Bad input: a malformed scenario or event file, an unknown run or option, a missing Docker engine.</summary>
    public const int BadInput = 2;

    /// <summary>EtcdLab or a target failed (a bug, an engine that went away), not the runbook: a run ends
    /// aborted and keeps its folder with every event up to the failure and the line that reproduces it;
    /// outside a run, stderr says which exception and where its stack trace was written.</summary>
    public const int InternalError = 3;

    /// <summary>Interrupted by <paramref name="signal"/> (Ctrl-C, SIGTERM or SIGHUP); the run cleaned up after
    /// itself: 128 + the signal's number.</summary>
    public static int Interrupted(System.Runtime.InteropServices.PosixSignal signal) => signal switch
    {
        System.Runtime.InteropServices.PosixSignal.SIGHUP => 128 + 1,
        System.Runtime.InteropServices.PosixSignal.SIGTERM => 128 + 15,
        _ => 128 + 2,
    };
}
