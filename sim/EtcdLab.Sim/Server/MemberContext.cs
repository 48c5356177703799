namespace EtcdLab.Sim.Server;

/// <summary>The context of a membership change (membership.ConfigChangeContext): the member, and whether it is a promotion.</summary>
internal sealed record MemberContext(Member Member, bool IsPromote);
