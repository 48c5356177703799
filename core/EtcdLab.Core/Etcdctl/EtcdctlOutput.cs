namespace EtcdLab.Core.Etcdctl;

/// <summary>What an etcdctl command printed and its exit code.</summary>
public sealed record EtcdctlOutput(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>etcdctl's exit code for an error returned by the cluster.</summary>
    public const int ExitError = 1;

    /// <summary>etcdctl's exit code when it cannot connect.</summary>
    public const int ExitBadConnection = 2;

    /// <summary>etcdctl's exit code for bad arguments.</summary>
    public const int ExitBadArgs = 128;

    /// <summary>The text after <c>Error: </c> on standard error, or null.</summary>
    public string? Error =>
        Stderr.Split('\n').FirstOrDefault(l => l.StartsWith("Error: ", StringComparison.Ordinal))?["Error: ".Length..];
}
