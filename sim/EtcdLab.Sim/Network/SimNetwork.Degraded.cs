using EtcdLab.Sim.Hosts;
using EtcdLab.Sim.Raft;
using EtcdLab.Sim.Server;
using EtcdLab.Sim.Simulation;

namespace EtcdLab.Sim.Network;

/// <summary>
/// Degraded links: a host whose peer packets wait longer and get lost, as the Docker lab makes them
/// with a delay queue and iptables' random drops on the host's peer connections.
/// </summary>
/// <remarks>
/// <para><b>Delay.</b> Every peer packet between the host and a peer waits the host's latency more (the
/// sum of both hosts' when both are degraded), acknowledgements included. rafthttp's streams are TCP
/// connections, so what arrives when follows TCP (<see cref="PeerStream"/>): in order, at most a
/// congestion window of segments per round trip, messages that waited for the window together. Messages
/// already on their way keep their time and later ones never overtake them: a latency that starts
/// leaves a gap in what the peer hears, one that ends leaves none.</para>
/// <para><b>Loss.</b> TCP loses no message: a lost segment is sent again, and every later message on the
/// same connection waits for it. A segment is lost with the link's loss rate (1 - (1-a)(1-b) between two
/// degraded hosts); the retransmission leaves as soon as the acknowledgement of a later segment that got
/// through shows the gap (RACK, halving the window), else after Linux's tail-loss probe (two round trips
/// plus TCP_RTO_MIN, 200 ms; the window drops to one segment), then after retransmission timeouts that
/// double. Appends, the other messages and pipeline posts travel on different connections, so a loss
/// on one holds back only its own kind. A connection held up for rafthttp's read timeout is given up:
/// what it held is lost, and the reading member counts the peer inactive until it has dialled again. A
/// stream dial takes three one-way latencies (the handshake and the request) and, when its SYN is lost,
/// another second.</para>
/// <para><b>All lost.</b> A loss rate of 1 cuts the host off like a partition (see <see cref="Cut"/>):
/// connections stall until their reads time out, as iptables dropping every packet does on the Docker lab.</para>
/// <para>Not modelled: the spurious retransmission timeouts of a connection whose round trip grows past
/// 200 ms at once (Linux undoes them within a round trip or two), delayed acknowledgements, segments
/// larger than one message.</para>
/// <para>Random draws for degraded links come from the network's generator only while a link is degraded
/// (or its streams still carry messages), so runs without degraded links keep their schedule.</para>
/// </remarks>
internal sealed partial class SimNetwork
{
    private void DegradeLinks(NetworkProtocol.DegradeLinks degrade)
    {
        var node = _nodes[degrade.Host];
        node.ExtraDelayMicros = degrade.LatencyMicros;
        node.LossRate = degrade.LossRate;
        TopologyChanged();
    }

    private void RestoreLinks(NetworkProtocol.RestoreLinks restore)
    {
        var node = _nodes[restore.Host];
        node.ExtraDelayMicros = 0;
        node.LossRate = 0;
        TopologyChanged();
    }

    private static bool Degraded(Node a, Node b) => a.Degraded || b.Degraded;

    private static double LossRate(Node a, Node b) => 1 - (1 - a.LossRate) * (1 - b.LossRate);

    private static StreamKind KindOf(PeerEnvelope envelope) => envelope.Payload switch
    {
        RaftMessage { Type: RaftMessageType.App } => StreamKind.MsgApp,
        RaftMessage { Type: RaftMessageType.Snap } => StreamKind.Pipeline,
        RaftMessage => StreamKind.Message,
        _ => StreamKind.Pipeline,
    };

    /// <summary>True when messages from <paramref name="from"/> to <paramref name="to"/> go through
    /// <see cref="PeerStream"/>s: the link is degraded, or was and its streams still hold or carry messages
    /// (later ones must not overtake them). The idle streams of a restored link are dropped here.</summary>
    private bool UsesStreams(Node from, Node to)
    {
        if (!from.Streams.TryGetValue(to, out var streams)) return Degraded(from, to);
        if (Degraded(from, to)) return true;
        var now = _sim.NowMicros;
        if (streams.Any(s => !s.IdleAt(now))) return true;
        from.Streams.Remove(to);
        return false;
    }

    private PeerStream StreamOf(Node from, Node to, StreamKind kind)
    {
        if (!from.Streams.TryGetValue(to, out var streams))
        {
            // Nothing sent on the link before may be overtaken.
            var last = from.LastDelivery.GetValueOrDefault(to);
            streams = [new PeerStream { LastDelivery = last }, new PeerStream { LastDelivery = last }, new PeerStream { LastDelivery = last }];
            from.Streams[to] = streams;
        }
        return streams[(int)kind];
    }

    private void DeliverOnStream(Node from, Node to, HostProtocol.PeerDelivery delivery)
    {
        var kind = KindOf(delivery.Envelope);
        var stream = StreamOf(from, to, kind);
        var now = _sim.NowMicros;
        // Linux restarts the window of a connection idle for longer than its retransmission timeout.
        if (stream.InFlight == 0 && stream.Unsent.Count == 0 && now - stream.LastSend > stream.RetransmitTimeoutMicros)
            stream.Window = Math.Min(stream.Window, PeerStream.InitialWindowSegments);
        stream.Unsent.Add(new HeldMessage(delivery, 0, to.State.Incarnation));
        SendUnsent(from, to, stream, kind);
    }

    /// <summary>Sends what waits, as one segment, if the window has room.</summary>
    private void SendUnsent(Node from, Node to, PeerStream stream, StreamKind kind)
    {
        if (stream.Unsent.Count == 0 || stream.InFlight >= stream.Window) return;
        var messages = stream.Unsent;
        stream.Unsent = [];
        var now = _sim.NowMicros;
        stream.LastSend = now;
        stream.InFlight++;
        var arrival = now + OneWayMicros(from, to);
        var acknowledged = arrival + OneWayMicros(to, from);
        var lost = _rng.Chance(LossRate(from, to));
        if (stream.Held is { } blocked)
        {
            // Behind a hole: it waits at the receiver for the retransmission (or is lost as well).
            foreach (var m in messages) blocked.Add(m with { Natural = arrival });
            if (lost)
            {
                // It goes again with the retransmission. Once the sender knows of the hole it no longer
                // counts lost segments as on their way; until then, with more than one segment out and
                // nothing acknowledged, the tail-loss probe comes quickly.
                if (stream.LossKnown)
                {
                    stream.InFlight--;
                    return;
                }
                stream.LostSegments++;
                ArmProbe(from, to, stream, kind, now);
                return;
            }
            At(acknowledged, () => Acknowledged(from, to, stream, kind, sentAt: now));
            // Its acknowledgement shows the sender the gap (RACK), and the retransmission leaves at once.
            if (!stream.FastRetransmitPending)
            {
                stream.FastRetransmitPending = true;
                var generation = stream.Generation;
                At(acknowledged, () => Retransmit(from, to, stream, kind, generation, RetransmitTrigger.Acknowledgement));
            }
            return;
        }
        if (lost)
        {
            stream.Held = [.. messages.Select(m => m with { Natural = arrival })];
            stream.LostSegments = 1;
            stream.LossKnown = false;
            stream.BlockedSince = now;
            stream.LostRetransmissions = 0;
            stream.FastRetransmitPending = false;
            stream.ProbeAt = null;
            var generation = ++stream.Generation;
            ArmProbe(from, to, stream, kind, now);
            At(now + stream.RetransmitTimeoutMicros, () => Retransmit(from, to, stream, kind, generation, RetransmitTrigger.Timeout));
            At(now + _sim.Options.PeerStreamReadTimeoutMicros, () => GiveUp(from, to, stream, kind, generation));
            return;
        }
        foreach (var m in messages) Schedule(from, to, stream, m, arrival);
        At(acknowledged, () => Acknowledged(from, to, stream, kind, sentAt: now));
    }

    /// <summary>Arms Linux's tail-loss probe for a hole nothing has shown yet: two round trips after the
    /// last send, plus TCP_RTO_MIN when only one segment is out (its acknowledgement may just be delayed),
    /// else plus a couple of jiffies. An earlier probe wins.</summary>
    private void ArmProbe(Node from, Node to, PeerStream stream, StreamKind kind, long now)
    {
        var at = now + 2 * stream.SmoothedRttMicros + (stream.InFlight > 1 ? PeerStream.ProbeSlackMicros : PeerStream.MinRetransmitTimeoutMicros);
        if (stream.ProbeAt is { } armed && armed <= at) return;
        stream.ProbeAt = at;
        var generation = stream.Generation;
        At(at, () =>
        {
            if (stream.ProbeAt != at) return;
            stream.ProbeAt = null;
            Retransmit(from, to, stream, kind, generation, RetransmitTrigger.Probe);
        });
    }

    /// <summary>An acknowledgement of a segment that got through the first time: the window grows and frees a place.</summary>
    private void Acknowledged(Node from, Node to, PeerStream stream, StreamKind kind, long sentAt)
    {
        stream.InFlight = Math.Max(0, stream.InFlight - 1);
        stream.SampleRtt(_sim.NowMicros - sentAt);
        stream.Window += stream.Window < stream.SlowStartThreshold ? 1 : 1 / stream.Window;
        SendUnsent(from, to, stream, kind);
    }

    /// <summary>The lost segments go out again: if they get through, everything held follows them in order.</summary>
    private void Retransmit(Node from, Node to, PeerStream stream, StreamKind kind, int generation, RetransmitTrigger trigger)
    {
        if (stream.Generation != generation || stream.Held is not { } held) return;
        if (trigger == RetransmitTrigger.Acknowledgement) stream.FastRetransmitPending = false;
        if (!stream.LossKnown)
        {
            // Linux counts what it knows lost as no longer on its way, and the retransmission as on it:
            // the window has room for new segments, whose acknowledgements can show a lost retransmission.
            stream.LossKnown = true;
            stream.InFlight = Math.Max(0, stream.InFlight - stream.LostSegments) + 1;
            stream.LostSegments = 0;
            // CUBIC takes the window down by 30% on a loss; a timeout starts again from one segment.
            stream.SlowStartThreshold = Math.Max(stream.Window * PeerStream.WindowDecrease, 2);
            stream.Window = trigger == RetransmitTrigger.Timeout ? 1 : stream.SlowStartThreshold;
        }
        else if (trigger == RetransmitTrigger.Timeout)
        {
            stream.Window = 1;
        }
        var now = _sim.NowMicros;
        if (_rng.Chance(LossRate(from, to)))
        {
            // A lost fast retransmission or probe leaves the timer to try again (or a later
            // acknowledgement); a lost timed one doubles the timer.
            if (trigger != RetransmitTrigger.Timeout) return;
            stream.LostRetransmissions++;
            var timeout = stream.RetransmitTimeoutMicros << Math.Min(stream.LostRetransmissions, 16);
            At(now + timeout, () => Retransmit(from, to, stream, kind, generation, RetransmitTrigger.Timeout));
            return;
        }
        stream.Held = null;
        stream.ProbeAt = null;
        stream.Generation++;
        var arrival = now + OneWayMicros(from, to);
        foreach (var m in held) Schedule(from, to, stream, m, Math.Max(m.Natural, arrival));
        At(arrival + OneWayMicros(to, from), () =>
        {
            stream.InFlight = Math.Max(0, stream.InFlight - 1);
            SendUnsent(from, to, stream, kind);
        });
    }

    /// <summary>rafthttp's reader waited its read timeout for a stream that delivered nothing: it closes
    /// the connection (what it held or had not sent is lost), counts the peer inactive and dials again.</summary>
    private void GiveUp(Node from, Node to, PeerStream stream, StreamKind kind, int generation)
    {
        if (stream.Generation != generation || stream.Held is not { } held) return;
        _sim.PeerMessagesDropped += held.Count + stream.Unsent.Count;
        stream.Generation++;
        if (from.Streams.TryGetValue(to, out var streams) && streams[(int)kind] == stream)
            streams[(int)kind] = new PeerStream { LastDelivery = stream.LastDelivery };
        // A cut link is the stall logic's: it times the same connection out on its own. A pipeline post
        // has no reader that counts the peer.
        if (kind == StreamKind.Pipeline || Cut(from, to) || to.State.View is null || from.State.View is not { } fromView) return;
        if (to.Links.Remove(fromView.MemberId)) to.Redials[fromView.MemberId] = null;
        TopologyChanged();
    }

    private void Schedule(Node from, Node to, PeerStream stream, HeldMessage message, long at)
    {
        at = Math.Max(at, stream.LastDelivery);
        stream.LastDelivery = at;
        _sim.ScheduleAt(at, new DeliveryEvent(this, from, to, message.ReceiverIncarnation, message.Message));
    }

    /// <summary>A dial (or the refusal that answers it) over a degraded link: <paramref name="crossings"/>
    /// one-way latencies, and a lost SYN is sent again after a second.</summary>
    private long DegradedDialMicros(Node from, Node to, int crossings)
    {
        var micros = crossings * (from.ExtraDelayMicros + to.ExtraDelayMicros);
        if (_rng.Chance(LossRate(from, to))) micros += PeerStream.SynRetransmitMicros;
        return micros;
    }

    private long OneWayMicros(Node from, Node to) =>
        _rng.NextLong(_sim.Options.NetworkDelayMinMicros, _sim.Options.NetworkDelayMaxMicros) + from.ExtraDelayMicros + to.ExtraDelayMicros;

    private void At(long micros, Action action) => _sim.ScheduleAt(micros, new ActionEvent(action));
}
