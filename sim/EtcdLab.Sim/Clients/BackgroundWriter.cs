using EtcdLab.Core.Events;
using EtcdLab.Core.Recording;
using EtcdLab.Core.Targets;
using EtcdLab.Sim.Server;
using EtcdLab.Sim.Simulation;

namespace EtcdLab.Sim.Clients;

/// <summary>
/// A simulated client that puts one key every <see cref="WriterSpec.Interval"/> (one write in
/// flight at a time), following <see cref="WriterSpec"/>'s rules: start at the host that answered
/// last, skip hosts that refuse connections, record a write without an answer within the timeout
/// as failed, resolve each host to its current client URL at every write.
/// </summary>
internal sealed class BackgroundWriter
{
    private readonly WriterSpec _spec;
    private readonly Simulator _sim;
    private readonly IRunRecorder _recorder;
    private readonly Func<string, ClientOp, long, Action<ClientCall>, ClientCall?> _send;
    private int _written;
    private int _startHost;
    private long _writeStartedAt;

    /// <param name="spec">What to write.</param>
    /// <param name="sim">The simulator.</param>
    /// <param name="recorder">Where writes are reported.</param>
    /// <param name="send">Sends an op to a host's current client URL (host, op, timeout, callback); null when the connection is refused.</param>
    public BackgroundWriter(WriterSpec spec, Simulator sim, IRunRecorder recorder, Func<string, ClientOp, long, Action<ClientCall>, ClientCall?> send)
    {
        _spec = spec;
        _sim = sim;
        _recorder = recorder;
        _send = send;
    }

    public string Name => _spec.Name;

    public bool Stopped { get; private set; }

    public bool InFlight { get; private set; }

    public void Start() => _sim.ScheduleAfter(0, new ActionEvent(WriteNext));

    public void Stop() => Stopped = true;

    private long IntervalMicros => _spec.Interval.Ticks / 10;

    private void WriteNext()
    {
        if (Stopped || _written >= _spec.MaxWrites)
        {
            Stopped = true;
            return;
        }
        _written++;
        _writeStartedAt = _sim.NowMicros;
        InFlight = true;
        Try(_written, 0);
    }

    private void Try(int n, int attempt)
    {
        var key = _spec.KeyOf(n);
        var value = WriterSpec.ValueOf(n);
        if (attempt >= _spec.Hosts.Count)
        {
            Finish(new ClientWriteFailed(_spec.Name, key, RpcError.ConnectionRefused.Message));
            return;
        }
        var index = (_startHost + attempt) % _spec.Hosts.Count;
        var host = _spec.Hosts[index];
        var call = _send(host, new PutOp(key, value), _spec.Timeout.Ticks / 10, c =>
        {
            if (c.Result is PutReply put)
            {
                _startHost = index;
                Finish(new ClientWriteAcknowledged(_spec.Name, host, key, value, put.Header.Revision));
            }
            else
            {
                Finish(new ClientWriteFailed(_spec.Name, key, (c.Result as RpcError)?.Message ?? "unknown error"));
            }
        });
        if (call is null) Try(n, attempt + 1);
    }

    private void Finish(RunEvent e)
    {
        _recorder.Record(e);
        InFlight = false;
        if (Stopped) return;
        var next = Math.Max(_writeStartedAt + IntervalMicros, _sim.NowMicros);
        _sim.ScheduleAt(next, new ActionEvent(WriteNext));
    }
}
