namespace EtcdLab.Core.Events;

/// <summary>etcd was started on a host.</summary>
/// <param name="Host">Host name.</param>
/// <param name="Ip">Address it runs on.</param>
/// <param name="Flags">Its command line, as <c>--name=value</c>.</param>
public sealed record ProcessStarted(
    string Host,
    string Ip,
    IReadOnlyList<string> Flags) : RunEvent
{
    /// <inheritdoc />
    public bool Equals(ProcessStarted? other) => other is not null && base.Equals(other) && Host == other.Host && Ip == other.Ip && Flags.SequenceEqual(other.Flags);

    /// <inheritdoc />
    public override int GetHashCode() => base.GetHashCode();
}
