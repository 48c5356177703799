namespace EtcdLab.Core.Targets;

/// <summary>What one host shows at one moment.</summary>
/// <param name="Host">Host name.</param>
/// <param name="Ip">Current loopback address.</param>
/// <param name="Process">State of the etcd process.</param>
/// <param name="ExitError">The fatal error etcd printed when it exited by itself.</param>
/// <param name="Status">Maintenance Status of the member, null when it does not serve clients
/// (not running, paused, or not yet joined: etcd 3.4 serves clients only once it has published itself).</param>
/// <param name="Members">The member's local member list, null when it does not serve clients.</param>
public sealed record HostObservation(
    string Host,
    string Ip,
    ProcessState Process,
    string? ExitError,
    StatusReply? Status,
    IReadOnlyList<MemberInfo>? Members)
{
    /// <summary>True when the member answered Status.</summary>
    public bool Serving => Status is not null;

    /// <summary>True when the member serves and knows a leader.</summary>
    public bool HasLeader => Status is { Leader: not 0 };

    /// <inheritdoc />
    public bool Equals(HostObservation? other) =>
        other is not null && Host == other.Host && Ip == other.Ip && Process == other.Process && ExitError == other.ExitError
        && Equals(Status, other.Status)
        && (Members is null ? other.Members is null : other.Members is not null && Members.SequenceEqual(other.Members));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Host, Ip, Process, Status);
}
