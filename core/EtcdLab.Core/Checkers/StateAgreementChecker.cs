using EtcdLab.Core.Events;

namespace EtcdLab.Core.Checkers;

/// <summary>
/// Members of one cluster never apply two different entries at one Raft index (Raft's state machine
/// safety), as far as the event log can show it: at the end, members of one cluster read at the same
/// revision hold exactly the same keys and values; and on the simulator, which sees every entry each
/// member applies, no <see cref="RaftSafetyViolated"/> was recorded.
/// </summary>
/// <remarks>Applies on the simulator always (it compares every applied entry). On Docker it applies when
/// at least two members of one cluster served the final read at the same revision; otherwise there is
/// nothing to compare, since real etcd does not show which entry each member applied at each index.</remarks>
public sealed class StateAgreementChecker : IInvariantChecker
{
    /// <summary>How many differing keys a message names before it only counts the rest.</summary>
    public const int KeysInMessage = 20;

    private const string Why =
        "Members that applied the same entries hold the same keyspace at the same revision; a difference means two members applied " +
        "different entries at one index, so what a client reads depends on the member it asks, and acknowledged writes may be gone.";

    /// <inheritdoc />
    public string Id => InvariantIds.StateAgreement;

    /// <inheritdoc />
    public string Title => "members apply the same entries";

    /// <inheritdoc />
    public ToleranceRule ToleranceRule => ToleranceRule.SinceStruck;

    /// <inheritdoc />
    public CheckResult Check(RunLog log)
    {
        var violations = new List<Violation>();
        foreach (var diverged in log.Events.OfType<RaftSafetyViolated>())
            violations.Add(new Violation(diverged.Step, diverged.Host,
                $"During {log.StepText(diverged.Step)} {diverged.Host} applied {diverged.Applied} at raft index {diverged.Index} of cluster {diverged.ClusterId:x}, " +
                $"but {diverged.OtherHost} had applied {diverged.OtherApplied} there. {Why}") { Seq = diverged.Seq });

        // The last successful read of each member, with the cluster it served in the observation before it.
        var reads = new Dictionary<string, (KeyspaceRead Read, ulong Cluster)>(StringComparer.Ordinal);
        ulong ClusterOf(KeyspaceRead read) =>
            log.ObservationBefore(read.Seq)?.Hosts.FirstOrDefault(h => h.Host == read.Host)?.Status?.Header.ClusterId ?? 0;
        foreach (var read in log.Events.OfType<KeyspaceRead>().Where(r => r.Error is null))
            reads[read.Host] = (read, ClusterOf(read));
        var compared = false;
        foreach (var group in reads.Values.GroupBy(r => (r.Cluster, r.Read.Revision)).Where(g => g.Count() > 1))
        {
            compared = true;
            var reference = group.First().Read;
            foreach (var (other, _) in group.Skip(1))
                if (Differences(reference, other) is { Count: > 0 } keys)
                    violations.Add(new Violation(other.Step, other.Host, Message(reference, other, group.Key.Cluster, keys)) { Seq = other.Seq });
        }

        if (!compared && log.Target != "sim" && violations.Count == 0)
            return CheckResult.NotApplicable(
                "fewer than two members of one cluster served the final read at the same revision, so no keyspaces could be compared " +
                "(real etcd does not show which entry each member applied at each index; only the simulator records that)");
        return CheckResult.Checked(violations.OrderBy(v => v.Seq).ToArray());
    }

    /// <summary>Every key whose value differs between the two reads, or that only one of them holds, sorted.</summary>
    private static List<string> Differences(KeyspaceRead a, KeyspaceRead b)
    {
        var left = Index(a);
        var right = Index(b);
        return left.Keys.Union(right.Keys)
            .Where(k => !left.TryGetValue(k, out var x) || !right.TryGetValue(k, out var y) || x != y)
            .Order(StringComparer.Ordinal).ToList();
    }

    private static Dictionary<string, string> Index(KeyspaceRead read)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in read.Keys) keys[key] = value;
        return keys;
    }

    /// <summary>"At the end m1 and m2 both served revision 57 of cluster ... but hold 3 different key(s): /a (m1: v1, m2: v2), /b (only on m1), ...".</summary>
    private static string Message(KeyspaceRead a, KeyspaceRead b, ulong cluster, IReadOnlyList<string> keys)
    {
        var left = Index(a);
        var right = Index(b);
        string Show(string key) =>
            !right.TryGetValue(key, out var r) ? $"{key} (only on {a.Host})"
            : !left.TryGetValue(key, out var l) ? $"{key} (only on {b.Host})"
            : $"{key} ({a.Host}: {l}, {b.Host}: {r})";
        var shown = string.Join(", ", keys.Take(KeysInMessage).Select(Show));
        var more = keys.Count > KeysInMessage ? $", and {keys.Count - KeysInMessage} more" : "";
        return $"At the end {a.Host} and {b.Host} both served revision {a.Revision} of cluster {cluster:x}, but {keys.Count} key(s) differ: {shown}{more}. {Why}";
    }
}
