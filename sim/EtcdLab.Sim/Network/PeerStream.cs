namespace EtcdLab.Sim.Network;

/// <summary>
/// One TCP connection of rafthttp from a host to a peer over a degraded link, modelled as far as it
/// decides when raft messages arrive: messages arrive in order; the congestion window limits how many
/// segments are on their way at once (messages that wait for it leave together in one segment); a lost
/// segment holds back every later one until TCP has sent it again.
/// </summary>
/// <remarks>
/// <para>The window matters once a round trip is long: loopback connections never grow theirs past
/// Linux's initial ten segments, so a member that sends a heartbeat every tick over a 400 ms round
/// trip sends ten, then waits a round trip for acknowledgements before the rest leave together. The
/// peer hears nothing meanwhile and may start an election; a window restarts at ten after an idle
/// spell (a new leader's connection to a follower it never wrote to as a follower).</para>
/// <para>Used only while a link is degraded (and until what it carries has arrived): on an undegraded
/// loopback link the window never fills and no segment is lost.</para>
/// </remarks>
internal sealed class PeerStream
{
    /// <summary>Linux's initial congestion window, in segments (IW10).</summary>
    public const int InitialWindowSegments = 10;

    /// <summary>Linux's least retransmission timeout (TCP_RTO_MIN): on loopback, where the round trip
    /// is microseconds, every timer-driven retransmission waits at least this long.</summary>
    public const long MinRetransmitTimeoutMicros = 200_000;

    /// <summary>What Linux's tail-loss probe adds to two round trips when more than one segment is out
    /// (TCP_TIMEOUT_MIN, two jiffies; Debian's kernels tick at 250 Hz).</summary>
    public const long ProbeSlackMicros = 8_000;

    /// <summary>CUBIC's multiplicative decrease: the window after a loss, as a share of the one before.</summary>
    public const double WindowDecrease = 0.7;

    /// <summary>How long a connection attempt waits before it sends a lost SYN again (Linux's initial RTO).</summary>
    public const long SynRetransmitMicros = 1_000_000;

    /// <summary>When the last message handed to the receiver arrived (arrivals never go backwards).</summary>
    public long LastDelivery { get; set; }

    /// <summary>Congestion window, in segments.</summary>
    public double Window { get; set; } = InitialWindowSegments;

    /// <summary>Slow-start threshold: below it the window grows by a segment per acknowledgement, above it by one per round trip.</summary>
    public double SlowStartThreshold { get; set; } = double.MaxValue;

    /// <summary>Segments sent and not acknowledged yet.</summary>
    public int InFlight { get; set; }

    /// <summary>Messages written while the window was full; they leave together as one segment.</summary>
    public List<HeldMessage> Unsent { get; set; } = [];

    /// <summary>When the last segment was sent.</summary>
    public long LastSend { get; set; }

    /// <summary>Smoothed round trip (RFC 6298), microseconds; 0 before the first sample.</summary>
    public long SmoothedRttMicros { get; set; }

    /// <summary>Round-trip variation (RFC 6298), microseconds.</summary>
    public long RttVariationMicros { get; set; }

    /// <summary>Messages held behind a lost segment, oldest first; null while the stream flows.</summary>
    public List<HeldMessage>? Held { get; set; }

    /// <summary>Lost segments of the current hole still counted as on their way (until the sender learns of the hole).</summary>
    public int LostSegments { get; set; }

    /// <summary>When the segment that blocks the stream was first sent.</summary>
    public long BlockedSince { get; set; }

    /// <summary>How many timer-driven retransmissions of the blocking segment were lost (the timer doubles with each).</summary>
    public int LostRetransmissions { get; set; }

    /// <summary>When the armed tail-loss probe fires, null when none is armed.</summary>
    public long? ProbeAt { get; set; }

    /// <summary>A later segment got through, and the retransmission its acknowledgement triggers is under way.</summary>
    public bool FastRetransmitPending { get; set; }

    /// <summary>The sender has learnt of the current hole (its first retransmission left): lost segments
    /// no longer count as on their way, the retransmission does, and the window was cut once.</summary>
    public bool LossKnown { get; set; }

    /// <summary>Counts holes; a timer of an earlier one finds a newer generation and does nothing.</summary>
    public int Generation { get; set; }

    /// <summary>Retransmission timeout: the smoothed round trip plus four variations, at least <see cref="MinRetransmitTimeoutMicros"/>.</summary>
    public long RetransmitTimeoutMicros => Math.Max(MinRetransmitTimeoutMicros, SmoothedRttMicros + 4 * RttVariationMicros);

    /// <summary>Takes one round-trip sample (RFC 6298).</summary>
    public void SampleRtt(long micros)
    {
        if (SmoothedRttMicros == 0)
        {
            SmoothedRttMicros = micros;
            RttVariationMicros = micros / 2;
            return;
        }
        RttVariationMicros = (3 * RttVariationMicros + Math.Abs(SmoothedRttMicros - micros)) / 4;
        SmoothedRttMicros = (7 * SmoothedRttMicros + micros) / 8;
    }

    /// <summary>True when nothing waits to be sent or is held, and everything sent has arrived by <paramref name="now"/>.</summary>
    public bool IdleAt(long now) => Held is null && Unsent.Count == 0 && LastDelivery <= now;
}
