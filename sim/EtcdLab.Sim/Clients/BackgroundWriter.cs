using EtcdLab.Core.Events;
using EtcdLab.Core.Recording;
using EtcdLab.Core.Targets;
using EtcdLab.Sim.Server;
using EtcdLab.Sim.Simulation;

namespace EtcdLab.Sim.Clients;

/// <summary>
/// A simulated client that puts one key every <see cref="WriterSpec.Interval"/>, one write in
/// flight at a time: write n is due <c>(n-1) * Interval</c> after the start (at once when the
/// previous write ran late), and each write follows <see cref="WriteCourse"/>, the rules every
/// writer of both targets shares, in virtual time.
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
    private WriteCourse? _course;

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
        _course = new WriteCourse(_spec, _lastAnswered, _sim.Clock.Now);
        InFlight = true;
        Attempt();
    }

    private void Attempt()
    {
        var n = _written;
        while (true)
        {
            var move = _course!.Next(_sim.Clock.Now);
            switch (move.Kind)
            {
                case WriteMoveKind.GiveUp:
                    Finish(new ClientWriteFailed(_spec.Name, _spec.KeyOf(n), move.Error!));
                    return;
                case WriteMoveKind.Pause:
                    _sim.ScheduleAfter(Micros(move.Wait), new ActionEvent(Attempt));
                    return;
            }
            var index = move.HostIndex;
            var call = _send(_spec.Hosts[index], new PutOp(_spec.KeyOf(n), WriterSpec.ValueOf(n)), Micros(move.Wait), c => Answered(n, index, c));
            if (call is not null) return;
            _course.Failed(RpcError.ConnectionRefused); // refused at once: the next host now
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
        _course!.Failed(call.Result as RpcError ?? RpcError.DeadlineExceeded);
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
