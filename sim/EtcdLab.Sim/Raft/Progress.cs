namespace EtcdLab.Sim.Raft;

/// <summary>The leader's view of one follower (tracker.Progress), with a count-based inflight window.</summary>
internal sealed class Progress(ulong match, ulong next, bool isLearner)
{
    private const int MaxInflight = 512;
    private readonly Queue<ulong> _inflights = new();

    public ulong Match { get; set; } = match;
    public ulong Next { get; set; } = next;
    public bool IsLearner { get; set; } = isLearner;
    public ProgressState State { get; private set; } = ProgressState.Probe;
    public ulong PendingSnapshot { get; private set; }
    public bool RecentActive { get; set; }
    public bool ProbeSent { get; set; }

    public bool IsPaused => State switch
    {
        ProgressState.Probe => ProbeSent,
        ProgressState.Replicate => _inflights.Count >= MaxInflight,
        _ => true,
    };

    private void Reset(ProgressState state)
    {
        ProbeSent = false;
        PendingSnapshot = 0;
        State = state;
        _inflights.Clear();
    }

    /// <summary>What raft.reset does to every progress when the term or role changes.</summary>
    public void ResetTo(ulong match, ulong next)
    {
        Reset(ProgressState.Probe);
        Match = match;
        Next = next;
        RecentActive = false;
    }

    public void BecomeProbe()
    {
        if (State == ProgressState.Snapshot)
        {
            var pending = PendingSnapshot;
            Reset(ProgressState.Probe);
            Next = Math.Max(Match + 1, pending + 1);
        }
        else
        {
            Reset(ProgressState.Probe);
            Next = Match + 1;
        }
    }

    public void BecomeReplicate()
    {
        Reset(ProgressState.Replicate);
        Next = Match + 1;
    }

    public void BecomeSnapshot(ulong snapshotIndex)
    {
        Reset(ProgressState.Snapshot);
        PendingSnapshot = snapshotIndex;
    }

    public bool MaybeUpdate(ulong n)
    {
        var updated = false;
        if (Match < n)
        {
            Match = n;
            updated = true;
            ProbeSent = false;
        }
        Next = Math.Max(Next, n + 1);
        return updated;
    }

    public void OptimisticUpdate(ulong n)
    {
        Next = n + 1;
        _inflights.Enqueue(n);
    }

    public void FreeInflightsUpTo(ulong index)
    {
        while (_inflights.Count > 0 && _inflights.Peek() <= index) _inflights.Dequeue();
    }

    public void FreeFirstInflight()
    {
        if (_inflights.Count > 0) _inflights.Dequeue();
    }

    public bool InflightsFull => _inflights.Count >= MaxInflight;

    public bool MaybeDecrTo(ulong rejected, ulong last)
    {
        if (State == ProgressState.Replicate)
        {
            if (rejected <= Match) return false;
            Next = Match + 1;
            return true;
        }
        if (Next - 1 != rejected) return false;
        Next = Math.Max(Math.Min(rejected, last + 1), 1);
        ProbeSent = false;
        return true;
    }
}
