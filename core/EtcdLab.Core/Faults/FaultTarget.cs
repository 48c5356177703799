namespace EtcdLab.Core.Faults;

/// <summary>The host a fault hits: named (<c>m2</c>), or by role at the moment of injection
/// (<c>leader</c>, <c>a-follower</c>, <c>next-command-host</c>, <c>newest-member</c>).</summary>
/// <param name="Kind">How the host is picked.</param>
/// <param name="Host">For <see cref="FaultTargetKind.Host"/>: the host's name.</param>
/// <param name="Choice">For <see cref="FaultTargetKind.Follower"/>: which follower, counted in host order
/// (modulo how many there are), so that a schedule names one follower deterministically.</param>
public sealed record FaultTarget(FaultTargetKind Kind, string? Host = null, int Choice = 0)
{
    /// <summary>The words a schedule file uses for each role.</summary>
    public static IReadOnlyDictionary<string, FaultTargetKind> Roles { get; } = new Dictionary<string, FaultTargetKind>(StringComparer.Ordinal)
    {
        ["leader"] = FaultTargetKind.Leader,
        ["a-follower"] = FaultTargetKind.Follower,
        ["next-command-host"] = FaultTargetKind.NextCommandHost,
        ["newest-member"] = FaultTargetKind.NewestMember,
    };

    /// <summary>A named host.</summary>
    public static FaultTarget Named(string host) => new(FaultTargetKind.Host, host);

    /// <summary>The target as a schedule file writes it.</summary>
    public override string ToString() => Kind switch
    {
        FaultTargetKind.Host => Host!,
        FaultTargetKind.Follower => Choice == 0 ? "a-follower" : $"a-follower#{Choice}",
        _ => Roles.First(r => r.Value == Kind).Key,
    };

    /// <summary>The target in an operator's words: <c>m1</c>, <c>the leader</c>, <c>a follower</c>.</summary>
    public string Describe() => Kind switch
    {
        FaultTargetKind.Host => Host!,
        FaultTargetKind.Leader => "the leader",
        FaultTargetKind.Follower => "a follower",
        FaultTargetKind.NextCommandHost => "the member that receives the next etcdctl command",
        _ => "the newest member",
    };
}
