using EtcdLab.Core.Events;
using EtcdLab.Core.Identity;
using EtcdLab.Core.Targets;

namespace EtcdLab.Core.Checkers;

/// <summary>A host whose member left the cluster (removed by <c>member remove</c>, or dropped by
/// <c>--force-new-cluster</c> or a restore) has its data dir wiped before etcd starts there again.</summary>
/// <remarks>Applies when a member left the cluster during the run (a successful <c>member remove</c>, or a
/// member missing from a later membership of the same cluster); whether or not its host started again, the
/// checker had something to watch. Not applicable when no member left.</remarks>
public sealed class RemovedMemberWipedChecker : IInvariantChecker
{
    /// <inheritdoc />
    public string Id => InvariantIds.RemovedMemberWiped;

    /// <inheritdoc />
    public string Title => "removed member's data wiped before it rejoins";

    /// <inheritdoc />
    public ToleranceRule ToleranceRule => ToleranceRule.SinceStruck;

    /// <inheritdoc />
    public CheckResult Check(RunLog log)
    {
        var violations = new List<Violation>();
        var memberOnDisk = new Dictionary<string, ulong>(StringComparer.Ordinal);
        // Copies of a data dir (file-level backups) keep the identity of the member they were taken from.
        var memberInCopy = new Dictionary<(string Host, string Path), ulong>();
        var removedAt = new Dictionary<ulong, int>();
        IReadOnlyDictionary<ulong, Targets.MemberInfo> lastMembers = new Dictionary<ulong, Targets.MemberInfo>();
        ulong lastCluster = 0;

        foreach (var e in log.Events)
        {
            switch (e)
            {
                case ClusterObserved observed:
                    foreach (var h in observed.Observation.Hosts)
                        if (h.Status is { } s) memberOnDisk[h.Host] = s.Header.MemberId;
                    if (RunLog.Membership(observed.Observation) is { } members)
                    {
                        var cluster = observed.Observation.Hosts.First(h => h.Serving).Status!.Header.ClusterId;
                        if (cluster == lastCluster)
                            foreach (var id in lastMembers.Keys.Where(id => members.All(m => m.Id != id)))
                                removedAt.TryAdd(id, observed.Step);
                        lastCluster = cluster;
                        lastMembers = members.DistinctBy(m => m.Id).ToDictionary(m => m.Id);
                    }
                    break;
                case CommandIssued issued when RunLog.IsMember(issued.Argv, "remove")
                    && log.AnswerTo(issued) is { ExitCode: 0 }
                    && EtcdIds.TryParseHex(RunLog.MemberArg(issued.Argv) ?? "", out var removed):
                    removedAt.TryAdd(removed, issued.Step);
                    break;
                case CommandIssued issued when Etcdctl.EtcdctlParser.Positionals(issued.Argv).Take(2).SequenceEqual(["snapshot", "restore"]) && log.AnswerTo(issued) is { ExitCode: 0 }:
                    memberOnDisk.Remove(issued.Host);
                    break;
                case DirectoryRemoved removedDir:
                    if (removedDir.IsDataDir) memberOnDisk.Remove(removedDir.Host);
                    foreach (var key in memberInCopy.Keys.Where(k => k.Host == removedDir.Host && HostPaths.Overlap(k.Path, removedDir.Path)).ToList())
                        memberInCopy.Remove(key);
                    break;
                case DirectoryCopied { FromDataDir: true } backup:
                    if (memberOnDisk.TryGetValue(backup.Host, out var backedUp)) memberInCopy[(backup.Host, HostPaths.Normalize(backup.To))] = backedUp;
                    else memberInCopy.Remove((backup.Host, HostPaths.Normalize(backup.To)));
                    break;
                case DirectoryCopied { ToDataDir: true } restore:
                    // A restored data dir is no wiped one: etcd starts there as the member the copy was taken from.
                    if (memberInCopy.TryGetValue((restore.Host, HostPaths.Normalize(restore.From)), out var restored)) memberOnDisk[restore.Host] = restored;
                    else memberOnDisk.Remove(restore.Host);
                    break;
                case HostConfigured configured when configured.Set.Any(f => f.StartsWith("--data-dir=", StringComparison.Ordinal)):
                    memberOnDisk.Remove(configured.Host);
                    break;
                case ProcessStarted started when memberOnDisk.TryGetValue(started.Host, out var onDisk) && removedAt.TryGetValue(onDisk, out var step):
                    violations.Add(new Violation(started.Step, started.Host,
                        $"{log.StepText(started.Step)} starts etcd on {started.Host} on the data dir of member {EtcdIds.Hex(onDisk)}{RestoredFrom(log, started)}, which left the cluster at step {step}: " +
                        "etcd will refuse it (\"the member has been permanently removed from the cluster\"). Runbooks 000 and 001 say to remove its data " +
                        "(rm -rf /var/lib/etcd) before the host joins again.") { Seq = started.Seq });
                    memberOnDisk.Remove(started.Host);
                    break;
            }
        }
        return removedAt.Count == 0
            ? CheckResult.NotApplicable("no member left the cluster: no `member remove` succeeded and no member dropped out of a later membership of the same cluster")
            : CheckResult.Checked(violations);
    }

    /// <summary>", restored from a copy at step N" when the data dir etcd starts on was last put in place by a restore.</summary>
    private static string RestoredFrom(RunLog log, ProcessStarted started)
    {
        var restore = log.Events.TakeWhile(e => e.Seq < started.Seq).OfType<DirectoryCopied>().LastOrDefault(c => c.ToDataDir && c.Host == started.Host);
        var wipe = log.Events.TakeWhile(e => e.Seq < started.Seq).OfType<DirectoryRemoved>().LastOrDefault(r => r.IsDataDir && r.Host == started.Host);
        return restore is not null && (wipe is null || wipe.Seq < restore.Seq) ? $" (restored from {restore.From} at step {restore.Step})" : "";
    }
}
