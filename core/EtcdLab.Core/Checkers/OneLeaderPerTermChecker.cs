using EtcdLab.Core.Events;
using EtcdLab.Core.Identity;

namespace EtcdLab.Core.Checkers;

/// <summary>
/// No two members lead one cluster in the same Raft term (Raft's election safety). Two leaders in one term
/// can each commit a different entry at the same index: a split brain in which acknowledged writes are lost.
/// </summary>
/// <remarks>
/// <para>It compares two kinds of evidence, within each cluster ID: <see cref="LeaderElected"/> events
/// (the simulator records them from raft, the Docker target from etcd's own log line), and what each
/// serving member's Status reported (its leader and its raft term) at every observation.</para>
/// <para>etcd 3.4 reports as raft term the term of the last entry it applied, which lags the leader's term
/// until the new leader's first entry is applied. A Status that names leader L at term T is therefore taken
/// as "L leads T" only when the log shows no election of L at a later term, which would explain it.</para>
/// <para>Terms are compared within one cluster ID: a cluster rebuilt from a snapshot with a new token has a
/// new ID and starts its terms again. (A restore that rebuilt the very same cluster ID, same token and same
/// peer URLs, would start its terms again under the old ID; no scenario does that.) A start with
/// <c>--force-new-cluster</c> forks the cluster's history: the forced member goes on from its own, possibly
/// older, term, and the members left behind are abandoned; leaderships are compared within each history.</para>
/// <para>Not applicable when no member became leader and no member reported a leader: no term had a leader.</para>
/// </remarks>
public sealed class OneLeaderPerTermChecker : IInvariantChecker
{
    private const string Why =
        "Raft elects at most one leader per term; two leaders in one term can each commit a different entry at the same index " +
        "(a split brain), and the writes one of them acknowledged are lost.";

    /// <inheritdoc />
    public string Id => InvariantIds.OneLeaderPerTerm;

    /// <inheritdoc />
    public string Title => "one leader per term";

    /// <inheritdoc />
    public ToleranceRule ToleranceRule => ToleranceRule.SinceStruck;

    /// <inheritdoc />
    public CheckResult Check(RunLog log)
    {
        var clusters = new MemberClusters(log);
        // Every term each member was seen to become leader of, per cluster: explains a lagging Status.
        var elected = new Dictionary<(ulong Cluster, ulong Member), List<ulong>>();
        foreach (var e in log.Events.OfType<LeaderElected>())
        {
            var key = (clusters.At(e.MemberId, e.Seq), e.MemberId);
            if (!elected.TryGetValue(key, out var terms)) elected[key] = terms = [];
            terms.Add(e.Term);
        }

        // Which history of the cluster a claim belongs to: each start with --force-new-cluster begins another.
        var history = 0;
        var first = new Dictionary<(ulong Cluster, ulong Term, int History), Claim>();
        var reported = new HashSet<(ulong Cluster, ulong Term, int History)>();
        var violations = new List<Violation>();
        var any = false;
        void Compare(Claim claim)
        {
            any = true;
            var key = (claim.Cluster, claim.Term, history);
            if (!first.TryGetValue(key, out var earlier))
            {
                first[key] = claim;
                return;
            }
            if (earlier.Leader == claim.Leader || !reported.Add(key)) return;
            violations.Add(new Violation(claim.Step, claim.Host,
                $"Two members led cluster {claim.Cluster:x} in term {claim.Term}: {earlier.Text(log, clusters)}, and {claim.Text(log, clusters)}. {Why}")
            { Seq = claim.Seq });
        }

        foreach (var e in log.Events)
        {
            switch (e)
            {
                case ProcessStarted started when ForceNewClusterRemovedChecker.SetsIt(started.Flags):
                    history++;
                    break;
                case LeaderElected won:
                    Compare(new Claim(clusters.At(won.MemberId, won.Seq), won.Term, won.MemberId, won.Host, null, won.Step, won.Seq));
                    break;
                case ClusterObserved observed:
                    foreach (var h in observed.Observation.Hosts)
                    {
                        if (h.Status is not { Leader: not 0 } s) continue;
                        var cluster = s.Header.ClusterId;
                        // A later election of the named leader explains a term that lags it.
                        if (elected.TryGetValue((cluster, s.Leader), out var terms) && terms.Any(t => t > s.RaftTerm)) continue;
                        Compare(new Claim(cluster, s.RaftTerm, s.Leader, h.Host, h.Host, observed.Step, observed.Seq));
                    }
                    break;
            }
        }
        return any
            ? CheckResult.Checked(violations)
            : CheckResult.NotApplicable("no member became leader and no member reported a leader, so no term had a leader to compare");
    }

    /// <summary>One piece of evidence that <paramref name="Leader"/> led <paramref name="Cluster"/> in <paramref name="Term"/>:
    /// its own election (<paramref name="ReportedBy"/> null) or a Status of <paramref name="ReportedBy"/>.</summary>
    private sealed record Claim(ulong Cluster, ulong Term, ulong Leader, string Host, string? ReportedBy, int Step, long Seq)
    {
        public string Text(RunLog log, MemberClusters clusters) => ReportedBy is null
            ? $"{clusters.Name(Leader)} became leader at term {Term} during {log.StepText(Step)}"
            : $"{ReportedBy} reported {(clusters.HostOf(Leader) == ReportedBy ? "itself" : clusters.Name(Leader))} as its leader at raft term {Term} after {log.StepText(Step)}";
    }

    /// <summary>Which cluster, and which host, each member ID belongs to, as the observations show it: by the
    /// member's own Status when it served, else by the member lists of those that served.</summary>
    private sealed class MemberClusters
    {
        private readonly Dictionary<ulong, List<(long Seq, ulong Cluster)>> _own = [];
        private readonly Dictionary<ulong, List<(long Seq, ulong Cluster)>> _listed = [];
        private readonly Dictionary<ulong, string> _hosts = [];

        public MemberClusters(RunLog log)
        {
            foreach (var e in log.Events)
            {
                if (e is LeaderElected won) _hosts.TryAdd(won.MemberId, won.Host);
                if (e is not ClusterObserved observed) continue;
                foreach (var h in observed.Observation.Hosts)
                {
                    if (h.Status is not { } s) continue;
                    Note(_own, s.Header.MemberId, observed.Seq, s.Header.ClusterId);
                    _hosts[s.Header.MemberId] = h.Host;
                    foreach (var m in h.Members ?? []) Note(_listed, m.Id, observed.Seq, s.Header.ClusterId);
                }
            }
        }

        private static void Note(Dictionary<ulong, List<(long Seq, ulong Cluster)>> seen, ulong member, long seq, ulong cluster)
        {
            if (!seen.TryGetValue(member, out var list)) seen[member] = list = [];
            if (list.Count == 0 || list[^1] != (seq, cluster)) list.Add((seq, cluster));
        }

        /// <summary>The cluster <paramref name="member"/> belonged to around event <paramref name="seq"/>: as the
        /// first observation after it shows, else the last before it; 0 when no observation names the member.</summary>
        public ulong At(ulong member, long seq) => Pick(_own, member, seq) ?? Pick(_listed, member, seq) ?? 0;

        private static ulong? Pick(Dictionary<ulong, List<(long Seq, ulong Cluster)>> seen, ulong member, long seq)
        {
            if (!seen.TryGetValue(member, out var list)) return null;
            foreach (var (at, cluster) in list)
                if (at >= seq) return cluster;
            return list[^1].Cluster;
        }

        public string? HostOf(ulong member) => _hosts.GetValueOrDefault(member);

        public string Name(ulong member) => HostOf(member) is { } host ? $"{host} (member {EtcdIds.Hex(member)})" : $"member {EtcdIds.Hex(member)}";
    }
}
