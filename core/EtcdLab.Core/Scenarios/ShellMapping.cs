namespace EtcdLab.Core.Scenarios;

/// <summary>What <see cref="ShellCommands.Map"/> made of a command: the host actions it amounts to,
/// or why it maps onto none.</summary>
/// <param name="Steps">The host actions in order; empty when refused.</param>
/// <param name="Problem">Why the command maps onto no host action, or null.</param>
/// <param name="Offset">Where in the command line the problem lies.</param>
public sealed record ShellMapping(
    IReadOnlyList<Step> Steps,
    string? Problem,
    int Offset)
{
    /// <summary>A command that maps onto no host action.</summary>
    public static ShellMapping Refused(int offset, string problem) => new([], problem, offset);
}
