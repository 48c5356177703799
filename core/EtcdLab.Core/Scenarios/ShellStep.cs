namespace EtcdLab.Core.Scenarios;

/// <summary>An operator's command on a host as typed (<c>shell:</c>), with the host actions the
/// loader mapped it onto; the runner runs those in order and stops at the first that fails.</summary>
/// <param name="Host">The host whose shell runs it.</param>
/// <param name="CommandLine">The command as typed.</param>
/// <param name="Steps">The host actions it amounts to, in order (at least one).</param>
public sealed record ShellStep(
    string Host,
    string CommandLine,
    IReadOnlyList<Step> Steps) : Step
{
    /// <inheritdoc />
    public override string Describe() => $"shell on {Host}: {CommandLine} ({string.Join(", ", Steps.Select(Action))})";

    /// <inheritdoc />
    public bool Equals(ShellStep? other) =>
        other is not null && base.Equals(other) && Host == other.Host && CommandLine == other.CommandLine && Steps.SequenceEqual(other.Steps);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Host, CommandLine);

    /// <summary>A mapped action in the words of the host-actions table, without the host (the command names it).</summary>
    private static string Action(Step step) => step switch
    {
        StopStep s => s.Kill ? "kill" : "stop",
        StartStep => "start",
        WipeDataStep => "wipe-data",
        BackupDataStep b => $"backup-data to {b.To}{(b.Live ? ", live if etcd runs" : "")}",
        RestoreDataStep r => $"restore-data from {r.From}",
        _ => step.Describe(),
    };
}
