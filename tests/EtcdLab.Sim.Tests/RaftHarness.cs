using EtcdLab.Sim.Raft;
using EtcdLab.Sim.Simulation;

namespace EtcdLab.Sim.Tests;

/// <summary>
/// Raft nodes wired together without Akka or the server layer: messages are delivered in order of
/// a virtual clock with a fixed delay, links can be cut, and committed entries are "applied" by
/// the harness, which records what each node applied.
/// </summary>
internal sealed class RaftHarness
{
    private readonly PriorityQueue<RaftMessage, (long, long)> _inFlight = new();
    private long _seq;
    private readonly HashSet<(ulong, ulong)> _cut = [];

    public RaftHarness(int count, ulong seed = 1, int electionTicks = 10, long tickMicros = 10_000)
    {
        var rng = new Prng(seed);
        Timing = new RaftTiming(tickMicros, electionTicks);
        var ids = Enumerable.Range(1, count).Select(i => (ulong)i).ToArray();
        foreach (var id in ids)
        {
            var storage = new RaftStorage();
            Nodes[id] = new RaftNode(id, storage, 0, new ConfState(ids, []), Timing, rng.Fork(), () => Now);
            Applied[id] = [];
        }
    }

    public RaftTiming Timing { get; }
    public long Now { get; private set; }
    public long DelayMicros { get; set; } = 500;
    public Dictionary<ulong, RaftNode> Nodes { get; } = new();
    public Dictionary<ulong, List<Entry>> Applied { get; } = new();
    public HashSet<ulong> Down { get; } = [];
    public List<(ulong Id, ulong Term)> Elections { get; } = [];

    public void Cut(ulong a, ulong b)
    {
        _cut.Add((a, b));
        _cut.Add((b, a));
    }

    public void Isolate(ulong id)
    {
        foreach (var other in Nodes.Keys)
            if (other != id) Cut(id, other);
    }

    public void HealAll() => _cut.Clear();

    public RaftNode? Leader => Nodes.Values.Where(n => n.Role == RaftRole.Leader && !Down.Contains(n.Id)).MaxBy(n => n.Term);

    /// <summary>Runs the cluster for <paramref name="micros"/> of virtual time.</summary>
    public void Run(long micros)
    {
        var until = Now + micros;
        while (true)
        {
            Flush();
            var nextTimer = Nodes.Values.Where(n => !Down.Contains(n.Id)).Select(n => n.NextDeadline).DefaultIfEmpty(long.MaxValue).Min();
            var nextMsg = _inFlight.TryPeek(out _, out var key) ? key.Item1 : long.MaxValue;
            var next = Math.Min(nextTimer, nextMsg);
            if (next > until) break;
            Now = Math.Max(Now, next);
            if (nextMsg <= nextTimer)
            {
                var m = _inFlight.Dequeue();
                if (!Down.Contains(m.To) && Nodes.TryGetValue(m.To, out var to)) to.Step(m);
            }
            else
            {
                foreach (var n in Nodes.Values.Where(n => !Down.Contains(n.Id) && n.NextDeadline <= Now).ToList()) n.OnTimer();
            }
        }
        Now = until;
        Flush();
    }

    /// <summary>Moves messages onto the wire and applies committed entries, until nothing changes.</summary>
    public void Flush()
    {
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var n in Nodes.Values)
            {
                if (Down.Contains(n.Id)) continue;
                if (n.SnapshotToApply is not null) n.SnapshotApplied();
                while (n.Log.HasNextEntries)
                {
                    var e = n.Log.EntryAt(n.Log.Applied + 1);
                    Applied[n.Id].Add(e);
                    if (e.Type == EntryType.ConfChange && e.Data is ConfChange cc) n.ApplyConfChange(cc);
                    n.AppliedTo(e.Index);
                    changed = true;
                }
                foreach (var m in n.TakeMessages())
                {
                    changed = true;
                    if (_cut.Contains((m.From, m.To))) continue;
                    _inFlight.Enqueue(m, (Now + DelayMicros, _seq++));
                }
                n.TakeReadStates();
                if (n.Role == RaftRole.Leader && !Elections.Contains((n.Id, n.Term)))
                    Elections.Add((n.Id, n.Term));
            }
        }
    }

    public bool Propose(ulong id, object data) => Nodes[id].Propose(EntryType.Normal, data);
}
