using EtcdLab.Core.Events;
using EtcdLab.Core.Recording;
using EtcdLab.Core.Targets;
using EtcdLab.Sim.Server;
using EtcdLab.Sim.Simulation;

namespace EtcdLab.Sim.Clients;

/// <summary>
/// A simulated client that puts one key every <see cref="WriterSpec.Interval"/>, one write in
/// flight at a time, following <see cref="WriterSpec"/>'s rules: write n is due
/// <c>(n-1) * Interval</c> after the start (at once when the previous write ran late); it tries the
/// hosts in order from the one that acknowledged the previous write, moves to the next host after
/// any error or after <see cref="WriterSpec.AttemptTimeout"/> without an answer, pauses <see cref="WriterSpec.RoundBackoff"/> after
/// a round in which no host answered, and is recorded as failed once <see cref="WriterSpec.Timeout"/>
/// has passed since it began (with the last etcd error, or <c>context deadline exceeded</c>).
/// </summary>
internal sealed class BackgroundWriter
{
    private readonly WriterSpec _spec;
    private readonly Simulator _sim;
    private readonly IRunRecorder _recorder;
    private readonly Func<string, ClientOp, long, Action<ClientCall>, ClientCall?> _send;
    private long _startedAt;
    private int _written;
    private int _lastAnswered;
    private long _writeStartedAt;
    private int _attempt;
    private int _backoffRound;
    private RpcError? _answered;

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

    public bool Stopped { get; private set; }

    public bool InFlight { get; private set; }

    public void Start()
    {
        _startedAt = _sim.NowMicros;
        _sim.ScheduleAfter(0, new ActionEvent(WriteNext));
    }

    public void Stop() => Stopped = true;

    private static long Micros(TimeSpan t) => t.Ticks / 10;

    private void WriteNext()
    {
        if (Stopped || _written >= _spec.MaxWrites)
        {
            Stopped = true;
            return;
        }
        _written++;
        _writeStartedAt = _sim.NowMicros;
        _attempt = 0;
        _backoffRound = 0;
        _answered = null;
        InFlight = true;
        Attempt();
    }

    private void Attempt()
    {
        var hosts = _spec.Hosts;
        var key = _spec.KeyOf(_written);
        while (true)
        {
            var left = _writeStartedAt + Micros(_spec.Timeout) - _sim.NowMicros;
            if (left <= 0)
            {
                Finish(new ClientWriteFailed(_spec.Name, key, (_answered ?? RpcError.DeadlineExceeded).Message));
                return;
            }
            var round = _attempt / hosts.Count;
            if (round > 0 && _attempt % hosts.Count == 0 && _backoffRound < round)
            {
                _backoffRound = round;
                _sim.ScheduleAfter(Math.Min(Micros(WriterSpec.RoundBackoff), left), new ActionEvent(Attempt));
                return;
            }
            var index = (_lastAnswered + _attempt) % hosts.Count;
            _attempt++;
            var n = _written;
            var call = _send(hosts[index], new PutOp(key, WriterSpec.ValueOf(n)), Math.Min(left, Micros(_spec.AttemptTimeout)), c => Answered(n, index, c));
            if (call is not null) return; // refused: the next host at once
        }
    }

    private void Answered(int n, int index, ClientCall call)
    {
        if (n != _written || !InFlight) return;
        if (call.Result is PutReply put)
        {
            _lastAnswered = index;
            Finish(new ClientWriteAcknowledged(_spec.Name, _spec.Hosts[index], _spec.KeyOf(n), WriterSpec.ValueOf(n), put.Header.Revision));
            return;
        }
        if (call.Result is RpcError { IsConnectionRefused: false, Code: not RpcErrorCode.DeadlineExceeded } error) _answered = error;
        Attempt();
    }

    private void Finish(RunEvent e)
    {
        _recorder.Record(e);
        InFlight = false;
        if (Stopped) return;
        var due = Math.Max(_startedAt + _written * Micros(_spec.Interval), _sim.NowMicros);
        _sim.ScheduleAt(due, new ActionEvent(WriteNext));
    }
}
