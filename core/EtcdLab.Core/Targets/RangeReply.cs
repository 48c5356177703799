namespace EtcdLab.Core.Targets;

/// <summary>Answer of Range: the keys found, sorted by key.</summary>
public sealed record RangeReply(ResponseHeader Header, IReadOnlyList<KeyValue> Kvs);
