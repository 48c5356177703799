using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Hygiene;

namespace EtcdLab.Driver.Network;

/// <summary>
/// One run's degraded peer links: which hosts' peer packets wait longer or get lost, the iptables
/// rules that do it (<see cref="LinkFirewall"/>) and the queue that holds delayed packets
/// (<see cref="PeerDelayQueue"/>, bound at the first delay and kept until the run ends).
/// </summary>
/// <remarks>
/// <para>A packet between two degraded hosts waits both latencies and passes both losses, as if each
/// host's network card were slowed down in both directions.</para>
/// <para>Restoring a delayed host lets its held packets go first, at their time, and only then lifts
/// its rules, so a TCP stream is never overtaken by its own later packets: the call returns at most
/// about the host's latency after it was made.</para>
/// </remarks>
internal sealed class LinkDegrader(string runId, LoopbackSlot slot) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, State> _hosts = new(StringComparer.Ordinal);
    private PeerDelayQueue? _queue;
    private bool _disposed;

    private sealed record State(int Index, string Ip, TimeSpan Latency, double LossRate, bool Delayed, IReadOnlyList<string> Rules);

    /// <summary>The degradation in force for each host.</summary>
    public IReadOnlyDictionary<string, (TimeSpan Latency, double LossRate)> Degraded
    {
        get
        {
            lock (_hosts) return _hosts.ToDictionary(kv => kv.Key, kv => (kv.Value.Latency, kv.Value.LossRate), StringComparer.Ordinal);
        }
    }

    /// <summary>The queue of delayed packets, once a delay was asked for.</summary>
    public PeerDelayQueue? Queue => _queue;

    /// <summary>Delays and drops the peer packets of <paramref name="host"/> (index <paramref name="index"/>, at
    /// <paramref name="ip"/>), replacing what it had.</summary>
    /// <exception cref="HostActionException">The host's index is beyond what the marks can hold.</exception>
    /// <exception cref="EnvironmentException">iptables or the netfilter queue refused.</exception>
    public async Task DegradeAsync(string host, int index, string ip, TimeSpan latency, double lossRate, CancellationToken ct)
    {
        if (index > LinkFirewall.MaxHostIndex)
            throw new HostActionException(host, $"Cannot degrade {host}'s links: the docker target degrades the links of a run's first {LinkFirewall.MaxHostIndex + 1} hosts only.");
        await _gate.WaitAsync(ct);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            State? before;
            lock (_hosts) before = _hosts.GetValueOrDefault(host);
            // Once delayed, a host's packets keep going through the queue until it is restored, so
            // that those held at a longer latency are not overtaken.
            var delayed = latency > TimeSpan.Zero || before is { Delayed: true };
            string[] append = [];
            if (delayed && _queue is null)
            {
                _queue = PeerDelayQueue.Start(LinkFirewall.QueueNumber(slot));
                append = [LinkFirewall.QueueRule(runId, RunOwner.Current, slot)];
            }
            _queue?.SetLatency(LinkFirewall.Code(index), latency);
            var rules = LinkFirewall.HostRules(runId, RunOwner.Current, slot, index, ip, delayed, lossRate);
            await LinkFirewall.ApplyAsync(before?.Rules ?? [], rules, append, ct);
            lock (_hosts) _hosts[host] = new State(index, ip, latency, lossRate, delayed, rules);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Lifts the degradation of <paramref name="host"/>; nothing when it has none.</summary>
    public async Task RestoreAsync(string host, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            State? state;
            lock (_hosts) state = _hosts.GetValueOrDefault(host);
            if (state is null || _disposed) return;
            if (state is { Delayed: true } && _queue is { } queue)
            {
                // Loss ends now; held packets leave at their time, later ones follow them at once.
                var code = LinkFirewall.Code(state.Index);
                queue.SetLatency(code, TimeSpan.Zero);
                var draining = LinkFirewall.HostRules(runId, RunOwner.Current, slot, state.Index, state.Ip, delayed: true, lossRate: 0);
                await LinkFirewall.ApplyAsync(state.Rules, draining, [], ct);
                state = state with { LossRate = 0, Rules = draining };
                lock (_hosts) _hosts[host] = state;
                await queue.WaitDrainedAsync(code, state.Latency * 2 + TimeSpan.FromSeconds(1), ct);
            }
            bool anyDelayed;
            lock (_hosts) anyDelayed = _hosts.Any(kv => kv.Key != host && kv.Value.Delayed);
            // The last delayed host takes the queue with it: a restored run leaves no rule behind.
            var queueRule = !anyDelayed && _queue is not null ? new[] { LinkFirewall.QueueRule(runId, RunOwner.Current, slot) } : [];
            await LinkFirewall.ApplyAsync([.. state.Rules, .. queueRule], [], [], ct);
            lock (_hosts) _hosts.Remove(host);
            if (queueRule.Length > 0)
            {
                _queue!.Dispose();
                _queue = null;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Keeps a degraded host degraded at its new address <paramref name="ip"/>.</summary>
    public async Task MovedAsync(string host, string ip, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            State? state;
            lock (_hosts) state = _hosts.GetValueOrDefault(host);
            if (state is null || _disposed || state.Ip == ip) return;
            var rules = LinkFirewall.HostRules(runId, RunOwner.Current, slot, state.Index, ip, state.Delayed, state.LossRate);
            await LinkFirewall.ApplyAsync(state.Rules, rules, [], ct);
            lock (_hosts) _hosts[host] = state with { Ip = ip, Rules = rules };
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Deletes every link rule of the run (also ones this object lost track of), then lets every
    /// held packet go and unbinds the queue.</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_disposed) return;
            _disposed = true;
            await LinkFirewall.RemoveRunAsync(runId, CancellationToken.None);
            _queue?.Dispose();
            lock (_hosts) _hosts.Clear();
        }
        finally
        {
            _gate.Release();
        }
    }
}
