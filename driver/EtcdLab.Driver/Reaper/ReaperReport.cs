namespace EtcdLab.Driver.Reaper;

/// <summary>What a reaper pass removed.</summary>
/// <param name="DeadRuns">Runs whose owning process is gone and whose leftovers were removed.</param>
/// <param name="Containers">Containers removed.</param>
/// <param name="Directories">Run directories removed.</param>
/// <param name="FirewallRules">iptables and ip6tables rules removed (partitions, degraded links and egress rules).</param>
public sealed record ReaperReport(IReadOnlyList<string> DeadRuns, int Containers, int Directories, int FirewallRules)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"reaped {DeadRuns.Count} dead run(s): {Containers} container(s), {Directories} dir(s), {FirewallRules} firewall rule(s)";
}
