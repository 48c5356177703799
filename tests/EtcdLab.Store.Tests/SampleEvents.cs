using EtcdLab.Core.Events;
using EtcdLab.Core.Targets;

namespace EtcdLab.Store.Tests;

/// <summary>Events to store: one of every kind with no field left at its default, and long streams.</summary>
internal static class SampleEvents
{
    private static readonly ResponseHeader Header = new(ClusterId: 0xcdf818194e3a8c32, MemberId: 0x8e9e05c52164694d, Revision: 42, RaftTerm: 3);

    private static readonly MemberInfo M1 = new(0x8e9e05c52164694d, "m1", ["http://127.0.1.1:2380"], ["http://127.0.1.1:2379"], IsLearner: false);
    private static readonly MemberInfo M4 = new(0x91bc3c398fb3c146, "", ["http://127.0.1.4:2380"], [], IsLearner: true);

    /// <summary>One event of every <see cref="RunEvent"/> subtype, stamped as a recorder would (Seq 1..n).</summary>
    public static IReadOnlyList<RunEvent> OneOfEach()
    {
        RunEvent[] events =
        [
            new RunStarted("docker", 18_446_744_073_709_551_557UL, new ScenarioDeclaration(
                Name: "replace-failed-member",
                File: "scenarios/replace-failed-member.yaml",
                Procedure: "P1",
                Runbook: "runbooks/etcd-member-replacement.md",
                Hosts: [new HostDeclaration("m1", "127.0.1.1", true), new HostDeclaration("m4", "127.0.1.4", false)],
                Invariants: ["quorum-kept", "no-acknowledged-write-lost"],
                FinalMembers: ["m1", "m4"],
                LossWindows: [new StepWindow(5, 7)],
                OnlineWindows: [new StepWindow(1, 4), new StepWindow(8, 9)],
                Steps: [new StepInfo(0, 0, null, "bootstrap"), new StepInfo(1, 12, "remove", "etcdctl member remove ${failed-id} (on m1)")])),
            new StepStarted(1, "etcdctl member remove ${failed-id} (on m1)"),
            new StepFinished(1, Passed: false, Attempts: 3, Failure: "expected exit code 0, got 1: Error: etcdserver: unhealthy cluster"),
            new CommandIssued("m1", ["member", "remove", "91bc3c398fb3c146"]),
            new CommandAnswered("m1", 1, "", "Error: etcdserver: unhealthy cluster\n"),
            new VariableCaptured("failed-id", "91bc3c398fb3c146"),
            new ProcessStarted("m4", "127.0.1.4", ["--name=m4", "--initial-cluster-state=existing", "--data-dir=/var/lib/etcd"]),
            new ProcessStopped("m2", Killed: true),
            new ProcessExited("m3", 2, "panic: tocommit(9) is out of range [lastIndex(0)]. Was the raft log corrupted, truncated, or lost?"),
            new ProcessPaused("m2"),
            new ProcessResumed("m2"),
            new DirectoryRemoved("m3", "/var/lib/etcd", IsDataDir: true),
            new DirectoryCopied("m1", "/var/lib/etcd", "/var/lib/etcd.bak"),
            new FileCopied("m1", "/tmp/snap.db", "m4", "/tmp/snap.db"),
            new IpChanged("m2", "127.0.1.2", "127.0.2.2"),
            new HostConfigured("m4", ["--initial-cluster-state=existing", "--heartbeat-interval=100"], ["--force-new-cluster"]),
            new PartitionStarted([["m1", "m2"], ["m3"]]),
            new PartitionHealed(),
            new MemberLogged("m3", MemberLogKind.ClusterIdMismatch, "request cluster ID mismatch (got cdf818194e3a8c32 want 1c5fa0d5f16e4b1a)"),
            new FaultInjected(1, "crash", "kill the leader right after step 8, restart it 2s later", ["m1"], WithinTolerance: false, Skipped: null),
            new FaultUndone(1, "restart etcd on m1", ["m1"]),
            new LeaderElected("m2", 0x8e9e05c52164694d, 5),
            new RaftSafetyViolated("m3", "m1", 0x1c5fa0d5f16e4b1a, 42, "put /lab/k-0009=v9 (term 5)", "an empty entry (term 4)"),
            new ClusterObserved(new ClusterObservation(
            [
                new HostObservation("m1", "127.0.1.1", ProcessState.Running, null,
                    new StatusReply(Header, "3.4.23", 20480, Leader: 0x8e9e05c52164694d, RaftIndex: 99, RaftTerm: 3, RaftAppliedIndex: 98, Errors: ["alarm: NOSPACE"], IsLearner: false),
                    [M1, M4]),
                new HostObservation("m3", "127.0.1.3", ProcessState.Exited, "member removed from the cluster", null, null),
            ])),
            new ClientWriteAcknowledged("writer-1", "m1", "/lab/k-0007", "v7 ☃ \"quoted\"", 57),
            new ClientWriteFailed("writer-1", "/lab/k-0008", "context deadline exceeded"),
            new KeyspaceRead("m1", 57, [new("/lab/k-0001", "v1"), new("/lab/k-0002", "v2")], "etcdserver: request timed out"),
            new RestPoint("after removing the failed member"),
            new RunAborted("docker engine went away", "System.IO.IOException: connection reset\n   at EtcdLab.Driver..."),
            new RunFinished(StepsPassed: false, Failure: "step 1 failed"),
            new CertificateIssued("m4", "/etc/etcd/peer.crt", "/etc/etcd/peer.key", "peer", "m4", ["IP:127.0.1.4", "DNS:m4"], ["serverAuth", "clientAuth"],
                new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), "1a2b3c", "etcd-signer", "0f0e0d"),
            new RunChecked(false, [new CheckedInvariant("quorum-kept", true, "broken", 2, 5), new CheckedInvariant("no-localhost-peer-url", false, "not-applicable", 0, null)]),
        ];
        return Stamp(events, firstSeq: 1);
    }

    /// <summary><paramref name="count"/> ordinary events (writes and their answers), numbered from <paramref name="firstSeq"/>.</summary>
    public static IReadOnlyList<RunEvent> Stream(int count, long firstSeq = 1) =>
        Stamp(Enumerable.Range(0, count).Select(i => i % 2 == 0
            ? (RunEvent)new ClientWriteAcknowledged($"writer-{i % 3}", $"m{i % 3 + 1}", $"/lab/k-{i:D5}", $"value {i}", 100 + i)
            : new CommandAnswered($"m{i % 3 + 1}", 0, $"OK {i}", "")).ToArray(), firstSeq);

    private static RunEvent[] Stamp(RunEvent[] events, long firstSeq) =>
        events.Select((e, i) => e with { Seq = firstSeq + i, At = TimeSpan.FromMilliseconds(1234.5 * (firstSeq + i)), Step = (int)(firstSeq + i) % 7 + 1 }).ToArray();
}
