namespace EtcdLab.Core.Targets;

/// <summary>Answer of Put; <see cref="ResponseHeader.Revision"/> is the revision of the write.</summary>
public sealed record PutReply(ResponseHeader Header);
