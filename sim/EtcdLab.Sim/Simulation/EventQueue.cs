namespace EtcdLab.Sim.Simulation;

/// <summary>Events ordered by virtual time, ties broken by the order they were scheduled in.</summary>
internal sealed class EventQueue
{
    private readonly PriorityQueue<ISimEvent, Key> _queue = new(KeyComparer.Instance);
    private long _seq;

    private readonly record struct Key(long At, long Seq);

    private sealed class KeyComparer : IComparer<Key>
    {
        public static KeyComparer Instance { get; } = new();

        public int Compare(Key x, Key y) => x.At != y.At ? x.At.CompareTo(y.At) : x.Seq.CompareTo(y.Seq);
    }

    public void Enqueue(long at, ISimEvent e) => _queue.Enqueue(e, new Key(at, _seq++));

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
