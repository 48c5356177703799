namespace EtcdLab.Cli.Output;

/// <summary>What <c>etcdlab</c> exits with.</summary>
public static class ExitCodes
{
    /// <summary>Every promised invariant holds and every step met its expectation.</summary>
    public const int Passed = 0;

    /// <summary>An invariant is broken or a step missed its expectation.</summary>
    public const int Failed = 1;

    /// <summary>Bad input: a malformed scenario, an unknown run, a missing Docker engine.</summary>
    public const int BadInput = 2;

    /// <summary>The run ended without finishing because EtcdLab or a target failed (a bug, an engine that went
    /// away): its folder keeps every event up to the failure and the line that reproduces it.</summary>
    public const int Aborted = 3;

    /// <summary>Interrupted with Ctrl-C; the run cleaned up after itself.</summary>
    public const int Interrupted = 130;
}
