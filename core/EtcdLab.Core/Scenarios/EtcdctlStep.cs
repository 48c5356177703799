namespace EtcdLab.Core.Scenarios;

/// <summary>Runs an etcdctl command on a host, with etcdctl's syntax and output.</summary>
/// <param name="Host">The host etcdctl runs on; its client URL is the default endpoint.</param>
/// <param name="CommandLine">The command as written: etcdctl's arguments, or the whole line with its
/// <c>sudo</c>, <c>ETCDCTL_API=</c> prefix and <c>etcdctl</c> word; <c>${variables}</c> unresolved.</param>
/// <param name="Expect">What the command must print or fail with.</param>
/// <param name="Captures">Values to take from its output for later steps.</param>
/// <param name="RetryFor">Retry until the expectation holds, for at most this long (an operator retrying).</param>
public sealed record EtcdctlStep(
    string Host,
    string CommandLine,
    CommandExpectation Expect,
    IReadOnlyList<Capture> Captures,
    TimeSpan? RetryFor) : Step
{
    /// <inheritdoc />
    /// <remarks>On one line (a runbook's <c>\</c> continuations joined), and with the word etcdctl once.</remarks>
    public override string Describe()
    {
        var line = string.Join(" ", CommandLine.Replace("\\\n", " ", StringComparison.Ordinal).Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
        var written = line.Split(' ').TakeWhile(w => !w.StartsWith('-')).Any(w => w == "etcdctl" || w.EndsWith("/etcdctl", StringComparison.Ordinal));
        return written ? $"{line} (on {Host})" : $"etcdctl {line} (on {Host})";
    }

    /// <inheritdoc />
    public bool Equals(EtcdctlStep? other) => other is not null && base.Equals(other) && Host == other.Host && CommandLine == other.CommandLine && Expect == other.Expect && RetryFor == other.RetryFor && Captures.SequenceEqual(other.Captures);

    /// <inheritdoc />
    public override int GetHashCode() => base.GetHashCode();
}
