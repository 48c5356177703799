namespace EtcdLab.Core.Scenarios;

/// <summary>
/// What the observed cluster must show. Every part is optional; all given parts must hold at once.
/// A host is <em>healthy</em> when its etcd runs, serves clients and knows a leader.
/// </summary>
/// <param name="Members">Number of members (voting and learners) in the membership the healthy members report.</param>
/// <param name="Healthy">Hosts that must be healthy.</param>
/// <param name="Leader">The host that must lead, <c>any</c> (some healthy member leads) or <c>none</c>.</param>
/// <param name="NotServing">Hosts whose etcd must not serve clients (stopped, exited, or never joined).</param>
/// <param name="Exited">Hosts whose etcd must have exited by itself.</param>
public sealed record ClusterExpectation(
    int? Members,
    IReadOnlyList<string> Healthy,
    string? Leader,
    IReadOnlyList<string> NotServing,
    IReadOnlyList<string> Exited)
{
    /// <inheritdoc />
    public bool Equals(ClusterExpectation? other) =>
        other is not null && Members == other.Members && Leader == other.Leader && Healthy.SequenceEqual(other.Healthy)
        && NotServing.SequenceEqual(other.NotServing) && Exited.SequenceEqual(other.Exited);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Members, Leader);

    /// <summary>The expectation in one line, as reports show it.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (Members is { } m) parts.Add($"members={m}");
        if (Healthy.Count > 0) parts.Add("healthy=" + string.Join(",", Healthy));
        if (Leader is not null) parts.Add("leader=" + Leader);
        if (NotServing.Count > 0) parts.Add("not-serving=" + string.Join(",", NotServing));
        if (Exited.Count > 0) parts.Add("exited=" + string.Join(",", Exited));
        return string.Join(" ", parts);
    }
}
