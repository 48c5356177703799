namespace EtcdLab.Core.Events;

/// <summary>The whole keyspace as one member served it in the final verification.</summary>
/// <param name="Host">The member read.</param>
/// <param name="Revision">Revision of the read, 0 when it failed.</param>
/// <param name="Keys">Every key and value, sorted by key.</param>
/// <param name="Error">etcd's error text when the read failed.</param>
public sealed record KeyspaceRead(
    string Host,
    long Revision,
    IReadOnlyList<KeyValuePair<string, string>> Keys,
    string? Error) : RunEvent
{
    /// <inheritdoc />
    public bool Equals(KeyspaceRead? other) => other is not null && base.Equals(other) && Host == other.Host && Revision == other.Revision && Error == other.Error && Keys.SequenceEqual(other.Keys);

    /// <inheritdoc />
    public override int GetHashCode() => base.GetHashCode();
}
