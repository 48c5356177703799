namespace EtcdLab.Core.Scenarios;

/// <summary>Waits until a member logs a line (<c>expect-log</c>), or exits with a text
/// (<c>expect-exit</c>), that matches a pattern.</summary>
/// <param name="Host">The host whose lines count, or <c>any</c>.</param>
/// <param name="Pattern">What the line must show.</param>
/// <param name="ExitOnly">True for <c>expect-exit</c>: only the texts etcd exited with count
/// (<see cref="Events.ProcessExited"/>); else also the lines it logged (<see cref="Events.MemberLogged"/>).</param>
/// <param name="Within">How long to wait, in target time.</param>
/// <param name="Since">The step from whose start lines count: 0 (the default) counts every line since the run began.</param>
public sealed record ExpectLogStep(
    string Host,
    TextPattern Pattern,
    bool ExitOnly,
    TimeSpan Within,
    int Since) : Step
{
    /// <summary>The host value that lets every host's lines count.</summary>
    public const string AnyHost = "any";

    /// <inheritdoc />
    public override string Describe() =>
        $"{(ExitOnly ? "expect-exit" : "expect-log")} '{Pattern}' on {Host} within {Durations.Format(Within)}{(Since > 0 ? $" since step {Since}" : "")}";
}
