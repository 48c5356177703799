namespace EtcdLab.Core.Scenarios;

/// <summary>Runs an etcdctl command on a host, with etcdctl's syntax and output.</summary>
/// <param name="Host">The host etcdctl runs on; its client URL is the default endpoint.</param>
/// <param name="CommandLine">The command after <c>etcdctl</c>, with <c>${variables}</c> unresolved.</param>
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
    public override string Describe() => $"etcdctl {CommandLine} (on {Host})";

    /// <inheritdoc />
    public bool Equals(EtcdctlStep? other) => other is not null && base.Equals(other) && Host == other.Host && CommandLine == other.CommandLine && Expect == other.Expect && RetryFor == other.RetryFor && Captures.SequenceEqual(other.Captures);

    /// <inheritdoc />
    public override int GetHashCode() => base.GetHashCode();
}
