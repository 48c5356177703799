using Akka.Actor;
using EtcdLab.Sim.Hosts;
using EtcdLab.Sim.Server;
using EtcdLab.Sim.Simulation;

namespace EtcdLab.Sim.Network;

/// <summary>
/// The simulated network between hosts: routes peer messages by the sender's view of peer URLs,
/// delays them (FIFO per link, as rafthttp's TCP streams are), drops them on partitions, dead or
/// paused receivers, or at random, slows down the links of degraded hosts (see SimNetwork.Degraded.cs),
/// and tells each member which peers it is connected to.
/// </summary>
/// <remarks>
/// <para>Reachability follows rafthttp's streams: host A can deliver to member B if A's view of B's
/// peer URL resolves to a running host listening there, or if the host running B can itself reach A
/// (B dials A, and A writes to B over that stream); and no partition separates them.
/// <c>localhost</c> and 127.0.0.1 resolve to no host.</para>
/// <para>Connectivity (rafthttp's peer status, the ActiveSince of the strict reconfiguration
/// check) follows the streams' TCP connections, as they behave under the Docker lab's iptables DROP
/// partitions: a member connects to a peer it can route to (a host that runs that member in the
/// same cluster and has not removed it) and counts it active from then. A partition, or a paused
/// process, does not close a connection: it stalls it. Messages are lost, but the peer stays
/// active until the stream's read times out (<see cref="SimulationOptions.PeerStreamReadTimeoutMicros"/>
/// after the stall began); a heal before that resumes the very connection, so the peer never turns
/// inactive and its "active since" stands. A stream that timed out is dialled again after the heal
/// (within <see cref="SimulationOptions.PeerRedialMaxMicros"/>) and is active only from then, so the
/// 5-second window of the strict check starts again. A peer that died or restarted behind a
/// partition is seen gone only once the stall ends: after the heal, when a retransmission meets
/// the reset (within <see cref="SimulationOptions.PeerStallNoticeMaxMicros"/>), or at the read
/// timeout. On the same side of every partition a death is seen at once (EOF, then a refused dial).</para>
/// <para>A member that removed a peer closes its streams to it; the removed member, still running,
/// dials again and is refused with 410 (see <see cref="HostProtocol.PeerStreamClosed"/>).</para>
/// </remarks>
internal sealed partial class SimNetwork
{
    private readonly Simulator _sim;
    private readonly Prng _rng;
    private readonly Dictionary<string, Node> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, Node> _byActor = new(ReferenceEqualityComparer.Instance);
    private readonly List<Node> _order = [];
    private readonly Dictionary<string, int> _groups = new(StringComparer.Ordinal);


    private sealed class Node(string name)
    {
        public string Name { get; } = name;
        public IActorRef Actor { get; set; } = ActorRefs.Nobody;
        private NetworkProtocol.HostChanged _state = new(name, "", 0, false, false, [], [], null);

        public NetworkProtocol.HostChanged State
        {
            get => _state;
            set
            {
                _state = value;
                PeerListeners = Parse(value.PeerListenUrls);
                ClientListeners = Parse(value.ClientListenUrls);
            }
        }

        /// <summary>Host and port of each listener, parsed once per change (looked up per message).</summary>
        public (string Host, int Port)[] PeerListeners { get; private set; } = [];

        public (string Host, int Port)[] ClientListeners { get; private set; } = [];

        private static (string, int)[] Parse(IReadOnlyList<string> urls) => urls.Select(u => (Urls.Host(u), Urls.Port(u))).ToArray();

        /// <summary>This member's connection to each peer it counts active, by the peer's member ID.</summary>
        public Dictionary<ulong, Link> Links { get; } = new();

        /// <summary>Peers whose stream timed out during a stall: once the stall ends they are dialled
        /// again, connected from the instant given (null until the stall ends).</summary>
        public Dictionary<ulong, long?> Redials { get; } = new();

        /// <summary>The connectivity last told to the member (null: nothing told to this process yet).</summary>
        public Dictionary<ulong, long>? ToldActiveSince { get; set; }
        /// <summary>Where messages to each member go (null: nowhere), until the topology changes.</summary>
        public Dictionary<ulong, Node?> Routes { get; } = new();
        /// <summary>When the last message on the link to each host arrives (links are FIFO).</summary>
        public Dictionary<Node, long> LastDelivery { get; } = new();
        public HashSet<ulong> Reachable { get; } = [];
        public bool Up => State is { Running: true, Paused: false };

        /// <summary>How much longer every peer message to or from the host takes (see <see cref="NetworkProtocol.DegradeLinks"/>).</summary>
        public long ExtraDelayMicros { get; set; }

        /// <summary>The share of the host's peer packets that are lost.</summary>
        public double LossRate { get; set; }

        public bool Degraded => ExtraDelayMicros > 0 || LossRate > 0;

        /// <summary>The TCP streams (one per <see cref="StreamKind"/>) to each host over a degraded link.</summary>
        public Dictionary<Node, PeerStream[]> Streams { get; } = new();
    }

    /// <summary>An established peer connection (rafthttp streams) of one member to a peer.</summary>
    private sealed class Link(Node host, int incarnation, long since)
    {
        /// <summary>The host the connection goes to.</summary>
        public Node Host { get; } = host;

        /// <summary>The process on that host it goes to.</summary>
        public int Incarnation { get; } = incarnation;

        /// <summary>When the peer became active over it.</summary>
        public long Since { get; } = since;

        /// <summary>When traffic on the connection stopped flowing (partition or pause), null while it flows.</summary>
        public long? StalledAt { get; set; }

        /// <summary>When the member learns that the far end went away while the connection was stalled.</summary>
        public long? GoneAt { get; set; }
    }

    public SimNetwork(Simulator sim)
    {
        _sim = sim;
        _rng = sim.Random.Fork();
    }

    /// <summary>Declares a host; its actor follows with <see cref="BindActor"/> (the actor reports to the network as it starts).</summary>
    public void AddHost(string name)
    {
        var node = new Node(name);
        _nodes.Add(name, node);
        _order.Add(node);
    }

    public void BindActor(string name, IActorRef actor)
    {
        _nodes[name].Actor = actor;
        _byActor[actor] = _nodes[name];
    }


    // ---- inputs -----------------------------------------------------------------------------------

    public void Handle(object message, IActorRef sender)
    {
        switch (message)
        {
            case PeerEnvelope envelope:
                Send(SenderNode(sender), envelope);
                break;
            case NetworkProtocol.HostChanged changed:
                _nodes[changed.Host].State = changed;
                TopologyChanged();
                break;
            case NetworkProtocol.RejectPeer reject:
                Reject(reject);
                break;
            case NetworkProtocol.Partition partition:
                _groups.Clear();
                for (var g = 0; g < partition.Groups.Count; g++)
                    foreach (var h in partition.Groups[g]) _groups[h] = g;
                TopologyChanged();
                break;
            case NetworkProtocol.Heal:
                _groups.Clear();
                TopologyChanged();
                break;
            case NetworkProtocol.DegradeLinks degrade:
                DegradeLinks(degrade);
                break;
            case NetworkProtocol.RestoreLinks restore:
                RestoreLinks(restore);
                break;
        }
    }

    private Node SenderNode(IActorRef sender) =>
        _byActor.TryGetValue(sender, out var node) ? node
        : _order.FirstOrDefault(n => n.Actor.Equals(sender)) ?? throw new InvalidOperationException($"{sender} is not a simulated host");

    private void Send(Node from, PeerEnvelope envelope)
    {
        _sim.PeerMessagesSent++;
        var to = Route(from, envelope.To);
        if (to is null || !from.Up || _rng.Chance(_sim.Options.NetworkDropProbability))
        {
            _sim.PeerMessagesDropped++;
            return;
        }
        var delivery = new HostProtocol.PeerDelivery(from.Name, to.State.Incarnation, envelope);
        if (envelope.Payload is StreamDial) DeliverAtOnce(from, to, delivery, crossings: 3);
        else if (UsesStreams(from, to)) DeliverOnStream(from, to, delivery);
        else Deliver(from, to, delivery);
    }

    private void Reject(NetworkProtocol.RejectPeer reject)
    {
        var from = _nodes[reject.FromHost];
        var to = _nodes[reject.ToHost];
        if (!to.Up || Cut(from, to)) return;
        DeliverAtOnce(from, to, new HostProtocol.PeerRejected(to.State.Incarnation, reject.Rejection), crossings: 1);
    }

    /// <summary>
    /// A dial opens a new connection and a refusal answers on it: neither queues behind a stream's
    /// messages, and on loopback both take a fraction of a client's round trip. So a removed member
    /// that dials again is refused and gone before the client that removed it has its answer, as on
    /// the Docker lab (where the member logged its removal 15-20 ms before etcdctl's answer came back).
    /// Over a degraded link it takes <paramref name="crossings"/> one-way latencies (and a lost SYN costs a second).
    /// </summary>
    private void DeliverAtOnce(Node from, Node to, object message, int crossings) =>
        _sim.ScheduleAt(_sim.NowMicros + (Degraded(from, to) ? DegradedDialMicros(from, to, crossings) : 0),
            new DeliveryEvent(this, from, to, to.State.Incarnation, message));

    private void Deliver(Node from, Node to, object message)
    {
        var delay = _rng.NextLong(_sim.Options.NetworkDelayMinMicros, _sim.Options.NetworkDelayMaxMicros);
        var at = _sim.NowMicros + delay;
        if (from.LastDelivery.TryGetValue(to, out var last) && last > at) at = last;
        from.LastDelivery[to] = at;
        _sim.ScheduleAt(at, new DeliveryEvent(this, from, to, to.State.Incarnation, message));
    }

    private sealed class DeliveryEvent(SimNetwork network, Node from, Node to, int incarnation, object message) : ISimEvent
    {
        public void Fire()
        {
            // A message in flight dies with its connection: the receiver restarted, froze or was cut off.
            if (!to.Up || to.State.Incarnation != incarnation || network.Cut(from, to))
            {
                network._sim.PeerMessagesDropped++;
                return;
            }
            to.Actor.Tell(message, ActorRefs.NoSender);
        }
    }

    // ---- queries ----------------------------------------------------------------------------------

    /// <summary>True when no packet crosses between two hosts: a partition separates them, or one of
    /// them loses every peer packet (<see cref="NetworkProtocol.DegradeLinks"/> with a loss rate of 1).</summary>
    private bool Cut(Node a, Node b) =>
        a != b && (a.LossRate >= 1 || b.LossRate >= 1
                   || _groups.TryGetValue(a.Name, out var ga) && _groups.TryGetValue(b.Name, out var gb) && ga != gb
                   || HandshakeFails(a.State.PeerTls, a.State.Ip, b.State.PeerTls, b.State.Ip));

    /// <summary>Handshakes judged so far: TLS is checked once per pair of processes (their configs and
    /// addresses), not per message.</summary>
    private readonly Dictionary<(Core.Certificates.PeerTlsConfig, string, Core.Certificates.PeerTlsConfig, string), bool> _handshakes = new(new SameConfigs());

    /// <summary>Configs by reference (one object per process start), so that a look-up per message
    /// hashes no PEM text.</summary>
    private sealed class SameConfigs : IEqualityComparer<(Core.Certificates.PeerTlsConfig, string, Core.Certificates.PeerTlsConfig, string)>
    {
        public bool Equals((Core.Certificates.PeerTlsConfig, string, Core.Certificates.PeerTlsConfig, string) x, (Core.Certificates.PeerTlsConfig, string, Core.Certificates.PeerTlsConfig, string) y) =>
            ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item3, y.Item3) && x.Item2 == y.Item2 && x.Item4 == y.Item4;

        public int GetHashCode((Core.Certificates.PeerTlsConfig, string, Core.Certificates.PeerTlsConfig, string) k) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(k.Item1), System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(k.Item3), k.Item2, k.Item4);
    }

    /// <summary>True when a TLS connection between the two members fails in either direction: rafthttp
    /// dials both ways (each member's streams to the other), so either failure parts them (see
    /// <see cref="Core.Certificates.TlsHandshake"/> for the checks and etcd's texts). Validity is judged
    /// on the hosts' clock at the instant the pair is first judged.</summary>
    private bool HandshakeFails(Core.Certificates.PeerTlsConfig? a, string aIp, Core.Certificates.PeerTlsConfig? b, string bIp)
    {
        if (a is null || b is null) return false;
        var key = (a, aIp, b, bIp);
        if (_handshakes.TryGetValue(key, out var fails)) return fails;
        var now = SimulatedClusterTarget.ClockEpoch + TimeSpan.FromTicks(_sim.NowMicros * 10);
        fails = Core.Certificates.TlsHandshake.Fails(a, b, bIp, now) is not null || Core.Certificates.TlsHandshake.Fails(b, a, aIp, now) is not null;
        _handshakes[key] = fails;
        return fails;
    }

    /// <summary>The running host that listens for peers at <paramref name="url"/>, if any.</summary>
    private Node? ListeningAt(string url, Func<Node, (string Host, int Port)[]> listeners)
    {
        var host = Urls.Host(url);
        var port = Urls.Port(url);
        if (Urls.IsLoopbackName(host)) return null;
        foreach (var node in _order)
        {
            if (!node.State.Running || node.State.Ip != host) continue;
            foreach (var (lh, lp) in listeners(node))
                if (lp == port && (lh == host || Urls.IsWildcard(lh))) return node;
        }
        return null;
    }

    private Node? Route(Node from, ulong member)
    {
        if (from.Routes.TryGetValue(member, out var cached)) return cached;
        var route = ComputeRoute(from, member);
        from.Routes[member] = route;
        return route;
    }

    private Node? ComputeRoute(Node from, ulong member)
    {
        var view = from.State.View;
        if (view is null) return null;
        if (view.PeerUrlsOf(member) is { } urls)
        {
            foreach (var url in urls)
            {
                var target = ListeningAt(url, n => n.PeerListeners);
                if (target is { Up: true } && target != from && !Cut(from, target)) return target;
            }
        }
        // The stream the peer dialed to us carries our messages to it; a member accepts a stream only
        // from a peer it knows (rafthttp answers 404 to others), so an unknown member gets no answer.
        if (!view.PeerIds.Contains(member)) return null;
        foreach (var node in _order)
        {
            if (node == from || !node.Up || node.State.View is not { } peerView || peerView.MemberId != member) continue;
            if (peerView.PeerUrlsOf(view.MemberId) is not { } back) continue;
            foreach (var url in back)
                if (ListeningAt(url, n => n.PeerListeners) == from && !Cut(from, node)) return node;
        }
        return null;
    }

    /// <summary>GET /members from <paramref name="fromHost"/> to a peer URL: the answering member's view, or null.</summary>
    public ClusterInfo? FetchMembers(string fromHost, string url, Core.Certificates.PeerTlsConfig? fromTls = null)
    {
        var from = _nodes[fromHost];
        var target = ListeningAt(url, n => n.PeerListeners);
        if (target is not { Up: true } || target.State.View is not { } view || Cut(from, target)) return null;
        // The host that is starting has not published its TLS yet: judge the handshake it is about to make.
        if (HandshakeFails(fromTls, from.State.Ip, target.State.PeerTls, target.State.Ip)) return null;
        return new ClusterInfo(view.ClusterId, view.Members);
    }

    /// <summary>True when an etcd serves peer HTTP at <paramref name="url"/> for <paramref name="fromHost"/>:
    /// a running, unfrozen server listens there and no partition separates the two (GET /version answers).</summary>
    public bool PeerServes(string fromHost, string url)
    {
        var target = ListeningAt(url, n => n.PeerListeners);
        return target is { Up: true, State.View: not null } && !Cut(_nodes[fromHost], target);
    }

    /// <summary>The host whose etcd listens for clients at <paramref name="endpoint"/> (paused or not), if any.</summary>
    public string? ClientEndpointHost(string endpoint) => ListeningAt(endpoint, n => n.ClientListeners)?.Name;

    /// <summary>The current address of <paramref name="host"/>.</summary>
    public string IpOf(string host) => _nodes[host].State.Ip;

    // ---- connectivity -----------------------------------------------------------------------------

    /// <summary>True when traffic between two hosts cannot flow: they are cut apart or either process is frozen.</summary>
    private bool Stalled(Node a, Node b) => Cut(a, b) || a.State.Paused || b.State.Paused;

    /// <summary>The host that runs <paramref name="member"/> for <paramref name="from"/>, whether or not a partition cuts them.</summary>
    private Node? PhysicalRoute(Node from, ulong member)
    {
        var view = from.State.View!;
        if (view.PeerUrlsOf(member) is { } urls)
        {
            foreach (var url in urls)
            {
                var target = ListeningAt(url, n => n.PeerListeners);
                if (target is { State.Running: true } && target != from) return target;
            }
        }
        foreach (var node in _order)
        {
            if (node == from || !node.State.Running || node.State.View is not { } peerView || peerView.MemberId != member) continue;
            if (peerView.PeerUrlsOf(view.MemberId) is not { } back) continue;
            foreach (var url in back)
                if (ListeningAt(url, n => n.PeerListeners) == from) return node;
        }
        return null;
    }

    /// <summary>Whether <paramref name="target"/>, running <paramref name="peer"/>, accepts the streams of the member <paramref name="view"/> describes.</summary>
    private static bool Accepts(Node target, ulong peer, PeerView view) =>
        target.State.View is { } tv && tv.MemberId == peer && tv.ClusterId == view.ClusterId && !tv.Removed.Contains(view.MemberId);

    private void TopologyChanged()
    {
        foreach (var n in _order) n.Routes.Clear();
        var now = _sim.NowMicros;
        foreach (var node in _order)
        {
            if (node.State.View is not { } view || !node.State.Running)
            {
                node.Links.Clear();
                node.Redials.Clear();
                node.Reachable.Clear();
                node.ToldActiveSince = null;
                continue;
            }
            var reachable = new HashSet<ulong>();
            var peers = new HashSet<ulong>(view.PeerIds);
            foreach (var gone in node.Links.Keys.Where(id => !peers.Contains(id)).ToList()) node.Links.Remove(gone);
            foreach (var gone in node.Redials.Keys.Where(id => !peers.Contains(id)).ToList()) node.Redials.Remove(gone);
            foreach (var peer in peers)
            {
                if (node.Up && Route(node, peer) is not null) reachable.Add(peer);
                UpdateLink(node, view, peer, now);
            }
            var changed = !reachable.SetEquals(node.Reachable);
            if (changed)
            {
                node.Reachable.Clear();
                node.Reachable.UnionWith(reachable);
            }
            if (node.ToldActiveSince is not { } told || told.Count != node.Links.Count
                || node.Links.Any(kv => !told.TryGetValue(kv.Key, out var s) || s != kv.Value.Since))
                changed = true;
            // A frozen process reads nothing; it hears the news once it is thawed.
            if (!changed || !node.Up) continue;
            node.ToldActiveSince = node.Links.ToDictionary(kv => kv.Key, kv => kv.Value.Since);
            var update = new HostProtocol.PeerConnectivity(node.State.Incarnation, new Dictionary<ulong, long>(node.ToldActiveSince), reachable.ToArray());
            _sim.ScheduleAt(now, new TellEvent(node.Actor, update));
        }
    }

    /// <summary>Moves <paramref name="node"/>'s connection to <paramref name="peer"/> along: stall, time out, resume, drop, (re)dial.</summary>
    private void UpdateLink(Node node, PeerView view, ulong peer, long now)
    {
        var options = _sim.Options;
        var target = PhysicalRoute(node, peer);
        if (node.Links.TryGetValue(peer, out var link))
        {
            var alive = link.Host.State.Running && link.Host.State.Incarnation == link.Incarnation;
            if (Stalled(node, link.Host))
            {
                // Nothing crosses, not even the news that the far end died: the streams look alive
                // until their reads time out.
                link.StalledAt ??= now;
                var timeoutAt = link.StalledAt.Value + options.PeerStreamReadTimeoutMicros;
                if (now < timeoutAt)
                {
                    WakeAt(timeoutAt);
                    return;
                }
                node.Links.Remove(peer);
                node.Redials[peer] = null;
                return;
            }
            if (link.StalledAt is not null)
            {
                link.StalledAt = null;
                // Healed in time: the same TCP connection resumes. If its far end went away
                // meanwhile, the next retransmission meets a reset.
                if (!(alive && target == link.Host && Accepts(target, peer, view)))
                    link.GoneAt = now + _rng.NextLong(0, Math.Max(1, options.PeerStallNoticeMaxMicros));
            }
            if (link.GoneAt is { } goneAt && now < goneAt)
            {
                WakeAt(goneAt);
                return;
            }
            if (link.GoneAt is null && alive && target == link.Host && Accepts(target, peer, view)) return;
            node.Links.Remove(peer);
            if (alive && link.Host.State.View is { } tv && tv.MemberId == peer && tv.Removed.Contains(view.MemberId))
            {
                // The peer removed this member and closed its streams: the member dials again and is refused (410).
                _sim.ScheduleAt(now, new TellEvent(node.Actor, new HostProtocol.PeerStreamClosed(node.State.Incarnation, peer)));
            }
        }

        if (target is null || !Accepts(target, peer, view) || Stalled(node, target))
        {
            // A refused dial ends the wait for a stalled stream's redial; a peer that comes back is dialled afresh.
            if (target is null) node.Redials.Remove(peer);
            return;
        }
        if (node.Redials.TryGetValue(peer, out var redialAt))
        {
            if (redialAt is null)
            {
                redialAt = now + _rng.NextLong(0, Math.Max(1, options.PeerRedialMaxMicros));
                node.Redials[peer] = redialAt;
            }
            if (now < redialAt)
            {
                WakeAt(redialAt.Value);
                return;
            }
            node.Redials.Remove(peer);
        }
        node.Links[peer] = new Link(target, target.State.Incarnation, now);
    }

    /// <summary>Re-evaluates connectivity at <paramref name="at"/> (a stream times out, a redial connects).</summary>
    private void WakeAt(long at)
    {
        if (!_wakeups.Add(at)) return;
        _sim.ScheduleAt(at, new ActionEvent(() =>
        {
            _wakeups.Remove(at);
            TopologyChanged();
        }));
    }

    private readonly HashSet<long> _wakeups = [];
}
