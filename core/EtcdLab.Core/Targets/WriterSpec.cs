namespace EtcdLab.Core.Targets;

/// <summary>
/// A background client that writes one key every <see cref="Interval"/> while the procedure runs,
/// like an API server with several etcd endpoints. Each write tries the hosts in order, starting
/// with the one that acknowledged the previous write, and moves on to the next host (wrapping
/// around) whenever an attempt gets an error (connection refused, connection lost, an etcd error)
/// or no answer within <see cref="AttemptTimeout"/> (a proposal lost with a dying leader is never
/// answered), pausing <see cref="RoundBackoff"/> after a round of hosts that all failed. The write is recorded as acknowledged by the host that acknowledged it, or as failed
/// (with the last error, <c>context deadline exceeded</c> when nothing answered) once
/// <see cref="Timeout"/> has passed since it began. Keys are unique, so a retried write cannot
/// clobber another. Hosts are resolved to their current client URL at every attempt, as a client
/// that follows DNS names would.
/// </summary>
/// <param name="Name">Writer name, part of every key.</param>
/// <param name="Hosts">Hosts whose client URLs the writer uses.</param>
/// <param name="KeyPrefix">Keys are <c>{KeyPrefix}{Name}-{n:D6}</c>, values <c>v{n}</c>.</param>
/// <param name="Interval">Time between the start of two writes.</param>
/// <param name="Timeout">Deadline of one write.</param>
/// <param name="MaxWrites">The writer stops after this many writes, whatever happens.</param>
public sealed record WriterSpec(string Name, IReadOnlyList<string> Hosts, string KeyPrefix, TimeSpan Interval, TimeSpan Timeout, int MaxWrites)
{
    /// <summary>Pause after a round in which every host failed, so a dead cluster is not spun on.</summary>
    public static TimeSpan RoundBackoff { get; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long one attempt waits for an answer before the next host is tried: a quarter of <see cref="Timeout"/>.</summary>
    public TimeSpan AttemptTimeout => Timeout / 4;

    /// <summary>The key of write number <paramref name="n"/> (from 1).</summary>
    public string KeyOf(int n) => $"{KeyPrefix}{Name}-{n:D6}";

    /// <summary>The value of write number <paramref name="n"/>.</summary>
    public static string ValueOf(int n) => $"v{n}";

    /// <inheritdoc />
    public bool Equals(WriterSpec? other) =>
        other is not null && Name == other.Name && Hosts.SequenceEqual(other.Hosts) && KeyPrefix == other.KeyPrefix
        && Interval == other.Interval && Timeout == other.Timeout && MaxWrites == other.MaxWrites;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, KeyPrefix, Interval);
}
