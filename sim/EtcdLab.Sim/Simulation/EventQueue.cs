namespace EtcdLab.Sim.Simulation;

/// <summary>Events ordered by virtual time, ties broken by the order they were scheduled in.</summary>
internal sealed class EventQueue
{
    private readonly PriorityQueue<ISimEvent, (long At, long Seq)> _queue = new();
    private long _seq;

    public void Enqueue(long at, ISimEvent e) => _queue.Enqueue(e, (at, _seq++));

    public bool TryPeekTime(out long at)
    {
        if (_queue.TryPeek(out _, out var key))
        {
            at = key.At;
            return true;
        }
        at = 0;
        return false;
    }

    public ISimEvent Dequeue(out long at)
    {
        _queue.TryDequeue(out var e, out var key);
        at = key.At;
        return e!;
    }
}
