namespace EtcdLab.Core.Events;

/// <summary>What an etcdctl command printed.</summary>
/// <param name="Host">The host etcdctl ran on.</param>
/// <param name="ExitCode">etcdctl's exit code.</param>
/// <param name="Stdout">Standard output.</param>
/// <param name="Stderr">Standard error (etcdctl prints errors as <c>Error: ...</c>).</param>
public sealed record CommandAnswered(
    string Host,
    int ExitCode,
    string Stdout,
    string Stderr) : RunEvent;
