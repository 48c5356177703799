using System.Diagnostics;

namespace EtcdLab.Driver.Network;

/// <summary>
/// Holds a run's delayed peer packets in userspace and lets each go after its delay: the docker
/// target's stand-in for <c>tc netem</c>, which this machine's kernel lacks (no sch_netem, no prio
/// qdisc, no fw classifier). <see cref="LinkFirewall"/>'s rules mark each packet of a degraded
/// host's peer connections (the sending host in bits 0-7, the receiving one in bits 8-15, as host
/// index + 1) and queue it to the run's own netfilter queue; a packet waits the sum of both hosts'
/// latencies.
/// </summary>
/// <remarks>
/// <para>Packets that share a mark leave in the order they came (release times never decrease per
/// mark), so a TCP stream stays in order when a latency changes or is lifted.</para>
/// <para>Nothing is shared with other runs: the queue number is the run's slot's (see
/// <see cref="LinkFirewall.QueueNumber"/>) and the rules match only the slot's uids. When the
/// owning process dies the kernel unbinds the queue, and the rules' <c>--queue-bypass</c> lets the
/// run's packets through until the reaper deletes the rules.</para>
/// </remarks>
internal sealed class PeerDelayQueue : IDisposable
{
    private const int MaxPackets = 65_536;
    private const int IdlePollMs = 50;

    private readonly NetfilterQueue _queue;
    private readonly Thread _thread;
    private readonly long[] _latencyTicks = new long[256];
    private readonly int[] _pending = new int[256];
    private readonly PriorityQueue<(uint Id, uint Mark), (long Due, long Order)> _held = new();
    private readonly Dictionary<uint, long> _lastRelease = [];
    private long _order;
    private volatile bool _stopping;
    private int _closed;
    private Exception? _failure;

    private PeerDelayQueue(NetfilterQueue queue)
    {
        _queue = queue;
        _thread = new Thread(Run) { IsBackground = true, Name = $"etcdlab-delay-queue-{queue.Number}", Priority = ThreadPriority.Highest };
    }

    /// <summary>Binds queue <paramref name="number"/> and starts releasing its packets.</summary>
    /// <exception cref="Core.Exceptions.EnvironmentException">The queue cannot be bound.</exception>
    public static PeerDelayQueue Start(ushort number)
    {
        var queue = new PeerDelayQueue(NetfilterQueue.Bind(number, MaxPackets));
        queue._thread.Start();
        return queue;
    }

    /// <summary>The queue number.</summary>
    public ushort Number => _queue.Number;

    /// <summary>Why the releasing thread stopped, if it failed (the queue is then unbound and packets pass undelayed).</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>Sets the delay the host with mark code <paramref name="code"/> (host index + 1) adds to each of its packets.</summary>
    public void SetLatency(int code, TimeSpan latency) =>
        Volatile.Write(ref _latencyTicks[code], (long)(latency.TotalSeconds * Stopwatch.Frequency));

    /// <summary>How many packets sent or received by the host with mark code <paramref name="code"/> wait in the queue.</summary>
    public int PendingFor(int code) => Volatile.Read(ref _pending[code]);

    /// <summary>Waits until no packet of host <paramref name="code"/> is held, at most <paramref name="bound"/>.</summary>
    public async Task WaitDrainedAsync(int code, TimeSpan bound, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(bound.TotalSeconds * Stopwatch.Frequency);
        while (PendingFor(code) > 0 && Stopwatch.GetTimestamp() < deadline && Failure is null)
            await Task.Delay(5, ct);
    }

    /// <summary>Stops the thread, lets every held packet go at once and unbinds the queue.</summary>
    public void Dispose()
    {
        _stopping = true;
        if (_thread.IsAlive) _thread.Join(TimeSpan.FromSeconds(5));
        Close();
    }

    /// <summary>Closes the socket once: the kernel unbinds the queue, and the rules' --queue-bypass lets packets through.</summary>
    private void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0) _queue.Dispose();
    }

    private void Run()
    {
        try
        {
            while (!_stopping)
            {
                var wait = IdlePollMs;
                if (_held.TryPeek(out _, out var next))
                    wait = (int)Math.Clamp((next.Due - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency + 1, 0, IdlePollMs);
                _queue.Receive(wait, Hold);
                ReleaseDue(Stopwatch.GetTimestamp());
            }
            ReleaseDue(long.MaxValue);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // Packets held here would wait for ever: unbinding the queue lets the kernel drop those and
            // pass the run's later packets undelayed, rather than stall its peer traffic.
            Volatile.Write(ref _failure, e);
            Close();
        }
    }

    private void Hold(uint id, uint mark)
    {
        var sender = (int)(mark & 0xFF);
        var receiver = (int)((mark >> 8) & 0xFF);
        var now = Stopwatch.GetTimestamp();
        var due = now + Volatile.Read(ref _latencyTicks[sender]) + (receiver == 0 ? 0 : Volatile.Read(ref _latencyTicks[receiver]));
        var key = mark & 0xFFFF;
        if (_lastRelease.TryGetValue(key, out var last) && last > due) due = last;
        _lastRelease[key] = due;
        Count(sender, receiver, +1);
        _held.Enqueue((id, mark), (due, _order++));
    }

    private void ReleaseDue(long now)
    {
        while (_held.TryPeek(out var packet, out var at) && at.Due <= now)
        {
            _held.Dequeue();
            _queue.Verdict(packet.Id, NetfilterQueue.Accept);
            Count((int)(packet.Mark & 0xFF), (int)((packet.Mark >> 8) & 0xFF), -1);
        }
        _queue.Flush();
    }

    private void Count(int sender, int receiver, int delta)
    {
        if (sender != 0) Interlocked.Add(ref _pending[sender], delta);
        if (receiver != 0 && receiver != sender) Interlocked.Add(ref _pending[receiver], delta);
    }
}
