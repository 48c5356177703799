namespace EtcdLab.Core.Events;

/// <summary>An etcdctl command is run on a host.</summary>
/// <param name="Host">The host etcdctl runs on.</param>
/// <param name="Argv">The command's arguments after <c>etcdctl</c>, variables resolved.</param>
public sealed record CommandIssued(
    string Host,
    IReadOnlyList<string> Argv) : RunEvent
{
    /// <inheritdoc />
    public bool Equals(CommandIssued? other) => other is not null && base.Equals(other) && Host == other.Host && Argv.SequenceEqual(other.Argv);

    /// <inheritdoc />
    public override int GetHashCode() => base.GetHashCode();
}
