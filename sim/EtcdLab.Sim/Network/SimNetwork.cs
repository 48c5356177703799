using Akka.Actor;
using EtcdLab.Sim.Hosts;
using EtcdLab.Sim.Server;
using EtcdLab.Sim.Simulation;

namespace EtcdLab.Sim.Network;

/// <summary>
/// The simulated network between hosts: routes peer messages by the sender's view of peer URLs,
/// delays them (FIFO per link, as rafthttp's TCP streams are), drops them on partitions, dead or
/// paused receivers, or at random, and tells each member which peers it is connected to.
/// </summary>
/// <remarks>
/// Reachability follows rafthttp's streams: host A can deliver to member B if A's view of B's peer
/// URL resolves to a running host listening there, or if the host running B can itself reach A
/// (B dials A, and A writes to B over that stream); and no partition separates them.
/// <c>localhost</c> and 127.0.0.1 resolve to no host. A member is "connected" (rafthttp's
/// ActiveSince) to B when such a route exists to a host that runs B in the same cluster and has
/// not removed A; connectivity changes the instant a host, a partition or a view changes.
/// </remarks>
internal sealed class SimNetwork
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
        public Dictionary<ulong, long> ActiveSince { get; } = new();
        /// <summary>Where messages to each member go (null: nowhere), until the topology changes.</summary>
        public Dictionary<ulong, Node?> Routes { get; } = new();
        /// <summary>When the last message on the link to each host arrives (links are FIFO).</summary>
        public Dictionary<Node, long> LastDelivery { get; } = new();
        public HashSet<ulong> Reachable { get; } = [];
        public bool Up => State is { Running: true, Paused: false };
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
        Deliver(from, to, new HostProtocol.PeerDelivery(from.Name, to.State.Incarnation, envelope));
    }

    private void Reject(NetworkProtocol.RejectPeer reject)
    {
        var from = _nodes[reject.FromHost];
        var to = _nodes[reject.ToHost];
        if (!to.Up || Partitioned(from, to)) return;
        Deliver(from, to, new HostProtocol.PeerRejected(to.State.Incarnation, reject.Rejection));
    }

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
            if (!to.Up || to.State.Incarnation != incarnation || network.Partitioned(from, to))
            {
                network._sim.PeerMessagesDropped++;
                return;
            }
            to.Actor.Tell(message, ActorRefs.NoSender);
        }
    }

    // ---- queries ----------------------------------------------------------------------------------

    private bool Partitioned(Node a, Node b) =>
        _groups.TryGetValue(a.Name, out var ga) && _groups.TryGetValue(b.Name, out var gb) && ga != gb;

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
                if (target is { Up: true } && target != from && !Partitioned(from, target)) return target;
            }
        }
        // The stream the peer dialed to us carries our messages to it.
        foreach (var node in _order)
        {
            if (node == from || !node.Up || node.State.View is not { } peerView || peerView.MemberId != member) continue;
            if (peerView.PeerUrlsOf(view.MemberId) is not { } back) continue;
            foreach (var url in back)
                if (ListeningAt(url, n => n.PeerListeners) == from && !Partitioned(from, node)) return node;
        }
        return null;
    }

    /// <summary>GET /members from <paramref name="fromHost"/> to a peer URL: the answering member's view, or null.</summary>
    public ClusterInfo? FetchMembers(string fromHost, string url)
    {
        var from = _nodes[fromHost];
        var target = ListeningAt(url, n => n.PeerListeners);
        if (target is not { Up: true } || target.State.View is not { } view || Partitioned(from, target)) return null;
        return new ClusterInfo(view.ClusterId, view.Members);
    }

    /// <summary>The host whose etcd listens for clients at <paramref name="endpoint"/> (paused or not), if any.</summary>
    public string? ClientEndpointHost(string endpoint) => ListeningAt(endpoint, n => n.ClientListeners)?.Name;

    /// <summary>The current address of <paramref name="host"/>.</summary>
    public string IpOf(string host) => _nodes[host].State.Ip;

    // ---- connectivity -----------------------------------------------------------------------------

    private void TopologyChanged()
    {
        foreach (var n in _order) n.Routes.Clear();
        var now = _sim.NowMicros;
        foreach (var node in _order)
        {
            if (node.State.View is not { } view || !node.Up) continue;
            var changed = false;
            var reachable = new HashSet<ulong>();
            var active = new Dictionary<ulong, long>();
            foreach (var peer in view.PeerIds)
            {
                var target = Route(node, peer);
                if (target is null) continue;
                reachable.Add(peer);
                if (target.State.View is { } tv && tv.MemberId == peer && tv.ClusterId == view.ClusterId && !tv.Removed.Contains(view.MemberId))
                    active[peer] = node.ActiveSince.TryGetValue(peer, out var since) ? since : now;
            }
            if (!reachable.SetEquals(node.Reachable))
            {
                node.Reachable.Clear();
                node.Reachable.UnionWith(reachable);
                changed = true;
            }
            if (active.Count != node.ActiveSince.Count || active.Any(kv => !node.ActiveSince.TryGetValue(kv.Key, out var s) || s != kv.Value))
            {
                node.ActiveSince.Clear();
                foreach (var (k, v) in active) node.ActiveSince[k] = v;
                changed = true;
            }
            if (changed)
            {
                var update = new HostProtocol.PeerConnectivity(node.State.Incarnation, new Dictionary<ulong, long>(node.ActiveSince), reachable.ToArray());
                _sim.ScheduleAt(now, new TellEvent(node.Actor, update));
            }
        }
        foreach (var node in _order)
        {
            if (node.Up) continue;
            node.ActiveSince.Clear();
            node.Reachable.Clear();
        }
    }
}
