namespace EtcdLab.Sim.Simulation;

/// <summary>
/// Knobs of the simulated world. The seed is not here: it comes from the run's
/// <see cref="Core.Targets.ClusterSpec.Seed"/>. Names end with their unit.
/// </summary>
public sealed record SimulationOptions
{
    /// <summary>Shortest one-way delay of a peer message.</summary>
    public long NetworkDelayMinMicros { get; init; } = 100;

    /// <summary>Longest one-way delay of a peer message (exclusive).</summary>
    public long NetworkDelayMaxMicros { get; init; } = 1_000;

    /// <summary>Probability that a peer message is lost on the wire (0 = never).</summary>
    public double NetworkDropProbability { get; init; }

    /// <summary>Shortest one-way delay between a client (etcdctl, a writer) and a member.</summary>
    public long ClientDelayMinMicros { get; init; } = 100;

    /// <summary>Longest one-way delay between a client and a member (exclusive).</summary>
    public long ClientDelayMaxMicros { get; init; } = 500;

    /// <summary>Applied entries between two raft snapshots that let the log be compacted (etcd's --snapshot-count).</summary>
    public ulong SnapshotCountEntries { get; init; } = 100_000;

    /// <summary>Earliest Unix time a run may start at; the seed picks a start within a year after it.</summary>
    public long EpochBaseUnixSeconds { get; init; } = 1_700_000_000;

    /// <summary>
    /// True: every target of the process shares one ActorSystem, each under its own root actor
    /// (creating a system costs several milliseconds, as much as a short scenario's whole run).
    /// False: each target creates its own and terminates it when disposed.
    /// </summary>
    public bool ShareActorSystem { get; init; } = true;

    /// <summary>How long starting etcd takes on a host before the process runs (on the Docker lab,
    /// creating and starting a container: median 140 ms measured here).</summary>
    public long ProcessStartMicros { get; init; } = 140_000;

    /// <summary>How long a launched etcd process takes to open its listeners and start its server;
    /// until then connections to it are refused (on the Docker lab a started member was first seen
    /// serving 60-100 ms after its container started).</summary>
    public long ProcessBootMicros { get; init; } = 50_000;

    /// <summary>How long a launched etcd process lives when a flag value is refused (Go's flag package
    /// or embed.Config.Validate): it exits before it opens a listener. The etcd 3.4.23 binary printed
    /// its error and exited 12-25 ms after launch on this machine (up to 140 ms while other runs loaded
    /// it); on the Docker lab it exited between 7 ms before and 17 ms after the start call returned.</summary>
    public long RefusedFlagsExitMicros { get; init; } = 20_000;

    /// <summary>How long a graceful stop takes after SIGTERM reached etcd (Docker lab: median 100 ms).</summary>
    public long ProcessStopMicros { get; init; } = 100_000;

    /// <summary>How long a kill takes after SIGKILL reached etcd (Docker lab: median 70 ms).</summary>
    public long ProcessKillMicros { get; init; } = 70_000;

    /// <summary>How long <c>etcdctl snapshot restore</c> takes on a host (Docker lab, a one-off container: median 350 ms).</summary>
    public long SnapshotRestoreMicros { get; init; } = 350_000;

    /// <summary>How long copying a data dir takes (Docker lab: median 110 ms).</summary>
    public long CopyDirectoryMicros { get; init; } = 110_000;

    /// <summary>How long an observation waits for a running member that does not serve clients yet,
    /// as a real Status call is held until the member is ready (the Docker target's observe timeout).</summary>
    public long ObserveAnswerTimeoutMicros { get; init; } = 300_000;

    /// <summary>Where the hosts live: 0 keeps the scenario's 127.0.x.y addresses; S moves them to
    /// 127.S.x.y, as the Docker lab's loopback slot S does, so that <c>etcdlab conform</c> can run both
    /// targets on the same addresses (member and cluster IDs derive from peer URLs).</summary>
    public int LoopbackSlot { get; init; }

    /// <summary>How long an observation takes to learn every host's process state before it calls any
    /// member (the Docker target asks the engine about each container, all at once: median 3-6 ms for
    /// 3-4 hosts on the Docker lab, 10-30 ms while other runs loaded the machine).</summary>
    public long ObserveProcessStateMicros { get; init; } = 4_000;

    /// <summary>How long a serving member takes to answer an observation's Status or MemberList call,
    /// on top of the client delays there and back (Docker lab: both calls to one member took 0.8-2 ms
    /// median, the loopback round trip included). With <see cref="ObserveProcessStateMicros"/> an
    /// observation of 3-4 serving members takes about 6 ms, as one took 4-12 ms on the Docker lab.</summary>
    public long ObserveCallMicros { get; init; } = 1_000;

    /// <summary>How long a peer stream may read nothing before rafthttp gives it up and counts the
    /// peer inactive (rafthttp's ConnReadTimeout, 5 s). Under a partition (iptables DROP) or a frozen
    /// peer this is how long a member goes on counting the peer active: on the Docker lab the
    /// streams of an isolated leader timed out 5.0 s after the cut, idle ones up to 6.1 s.</summary>
    public long PeerStreamReadTimeoutMicros { get; init; } = 5_000_000;

    /// <summary>Longest wait, after a heal, before a member whose stream to a peer timed out has
    /// dialled it again; the peer is active from that instant (rafthttp redials every 100 ms, a dial
    /// caught by the partition times out after 1 s plus the election timeout). Docker lab: peers
    /// became active again 45-115 ms after the heal.</summary>
    public long PeerRedialMaxMicros { get; init; } = 120_000;

    /// <summary>Longest wait, after a heal, before a member notices that a peer it still counted
    /// active died or restarted behind the partition (the stalled connection's next retransmission
    /// meets a TCP reset). Docker lab: 8-90 ms after the heal.</summary>
    public long PeerStallNoticeMaxMicros { get; init; } = 100_000;

    /// <summary>Rejects option values that cannot describe a network.</summary>
    internal void Validate()
    {
        if (NetworkDelayMinMicros < 0 || NetworkDelayMaxMicros < NetworkDelayMinMicros)
            throw new ArgumentException($"network delay range [{NetworkDelayMinMicros}, {NetworkDelayMaxMicros}) µs is empty or negative");
        if (ClientDelayMinMicros < 0 || ClientDelayMaxMicros < ClientDelayMinMicros)
            throw new ArgumentException($"client delay range [{ClientDelayMinMicros}, {ClientDelayMaxMicros}) µs is empty or negative");
        if (LoopbackSlot is < 0 or > 254)
            throw new ArgumentException($"LoopbackSlot must lie in [0, 254], not {LoopbackSlot}");
        if (PeerStreamReadTimeoutMicros <= 0 || PeerRedialMaxMicros < 0 || PeerStallNoticeMaxMicros < 0)
            throw new ArgumentException(
                $"peer stream timings must be positive (read timeout {PeerStreamReadTimeoutMicros} µs) and not negative (redial {PeerRedialMaxMicros} µs, stall notice {PeerStallNoticeMaxMicros} µs)");
        if (NetworkDropProbability is < 0 or > 1)
            throw new ArgumentException($"NetworkDropProbability must lie in [0, 1], not {NetworkDropProbability}");
    }
}
