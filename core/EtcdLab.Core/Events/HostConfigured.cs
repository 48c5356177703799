namespace EtcdLab.Core.Events;

/// <summary>The etcd configuration of a host changed (what <c>/etc/etcd/etcd.conf</c> or a drop-in holds); the next start uses it.</summary>
/// <param name="Host">Host name.</param>
/// <param name="Set">Flags set, as <c>--name=value</c>.</param>
/// <param name="Unset">Flags removed.</param>
public sealed record HostConfigured(
    string Host,
    IReadOnlyList<string> Set,
    IReadOnlyList<string> Unset) : RunEvent
{
    /// <inheritdoc />
    public bool Equals(HostConfigured? other) => other is not null && base.Equals(other) && Host == other.Host && Set.SequenceEqual(other.Set) && Unset.SequenceEqual(other.Unset);

    /// <inheritdoc />
    public override int GetHashCode() => base.GetHashCode();
}
