namespace EtcdLab.Core.Targets;

/// <summary>Answer of MemberAdd: the new member and the membership after the add, sorted by ID.</summary>
public sealed record MemberAddReply(ResponseHeader Header, MemberInfo Member, IReadOnlyList<MemberInfo> Members);
