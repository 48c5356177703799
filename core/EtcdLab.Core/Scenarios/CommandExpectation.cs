namespace EtcdLab.Core.Scenarios;

/// <summary>What an etcdctl step must produce. With no expectation at all, the command must succeed (exit code 0).</summary>
/// <param name="ExitCode">The exit code it must end with; null means 0 unless <paramref name="Error"/> is set.</param>
/// <param name="Error">A text its <c>Error:</c> line must contain (the step then expects a failure).</param>
/// <param name="Output">Texts its standard output must contain, each.</param>
/// <param name="Members">For <c>member list</c>: how many members it must list.</param>
public sealed record CommandExpectation(int? ExitCode, string? Error, IReadOnlyList<string> Output, int? Members)
{
    /// <summary>No expectation beyond success.</summary>
    public static CommandExpectation Success { get; } = new(null, null, [], null);

    /// <summary>True when the step expects the command to fail.</summary>
    public bool ExpectsFailure => Error is not null || ExitCode is > 0;

    /// <inheritdoc />
    public bool Equals(CommandExpectation? other) =>
        other is not null && ExitCode == other.ExitCode && Error == other.Error && Members == other.Members && Output.SequenceEqual(other.Output);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ExitCode, Error, Members);
}
