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

    /// <summary>Interrupted with Ctrl-C; the run cleaned up after itself.</summary>
    public const int Interrupted = 130;
}
