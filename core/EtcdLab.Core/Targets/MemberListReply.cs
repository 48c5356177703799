namespace EtcdLab.Core.Targets;

/// <summary>Answer of MemberList, MemberRemove, MemberUpdate and MemberPromote: the membership after the call, sorted by ID.</summary>
public sealed record MemberListReply(ResponseHeader Header, IReadOnlyList<MemberInfo> Members);
