using EtcdLab.Core.Events;

namespace EtcdLab.Core.Recording;

/// <summary>
/// The in-memory event stream of one run. Stamps events, keeps them in order, drops a member log
/// line already seen in the same step since that host's last start (etcd repeats such lines many
/// times a second; a line that comes back in a later step is recorded again, so a step can be
/// seen to cause it), and tells subscribers about each event as it is recorded.
/// </summary>
public sealed class RunRecorder : IRunRecorder
{
    private readonly object _gate = new();
    private readonly List<RunEvent> _events = [];
    private readonly HashSet<(string Host, MemberLogKind Kind, string Text, int Step)> _seenLogLines = [];
    private readonly List<Action<RunEvent>> _subscribers = [];
    private Func<TimeSpan> _clock = () => TimeSpan.Zero;

    /// <summary>The step that events recorded from now on belong to.</summary>
    public int CurrentStep { get; set; }

    /// <summary>Sets where event times come from (the target's clock).</summary>
    public void UseClock(Func<TimeSpan> clock) => _clock = clock;

    /// <summary>Calls <paramref name="subscriber"/> with every event recorded from now on, in order.</summary>
    public void Subscribe(Action<RunEvent> subscriber)
    {
        lock (_gate) _subscribers.Add(subscriber);
    }

    /// <summary>A copy of every event recorded so far.</summary>
    public IReadOnlyList<RunEvent> Events
    {
        get { lock (_gate) return _events.ToArray(); }
    }

    /// <inheritdoc />
    public RunEvent Record(RunEvent e)
    {
        lock (_gate)
        {
            switch (e)
            {
                case ProcessStarted started:
                    _seenLogLines.RemoveWhere(k => k.Host == started.Host);
                    break;
                case MemberLogged logged when !_seenLogLines.Add((logged.Host, logged.Kind, logged.Text, CurrentStep)):
                    return logged;
            }

            var stamped = e with { Seq = _events.Count + 1, At = _clock(), Step = CurrentStep };
            _events.Add(stamped);
            foreach (var subscriber in _subscribers) subscriber(stamped);
            return stamped;
        }
    }
}
