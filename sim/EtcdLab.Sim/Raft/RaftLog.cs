namespace EtcdLab.Sim.Raft;

/// <summary>raft's raftLog over a <see cref="RaftStorage"/>: indexes, terms, conflicts, commit and apply positions.</summary>
internal sealed class RaftLog(RaftStorage storage, ulong applied)
{
    public RaftStorage Storage { get; } = storage;

    public ulong Committed
    {
        get => Storage.Commit;
        private set => Storage.Commit = value;
    }

    public ulong Applied { get; private set; } = Math.Max(applied, storage.Snapshot.Index);

    public ulong SnapshotIndex => Storage.Snapshot.Index;

    public ulong FirstIndex => Storage.Snapshot.Index + 1;

    public ulong LastIndex => Storage.Snapshot.Index + (ulong)Storage.Entries.Count;

    public ulong LastTerm => Term(LastIndex) ?? 0;

    /// <summary>The term of entry <paramref name="i"/>; 0 past the end, null when compacted away.</summary>
    public ulong? Term(ulong i)
    {
        var snap = Storage.Snapshot;
        if (i == snap.Index) return snap.Term;
        if (i < snap.Index) return null;
        if (i > LastIndex) return 0;
        return Storage.Entries[(int)(i - snap.Index - 1)].Term;
    }

    public bool MatchTerm(ulong i, ulong term) => Term(i) is { } t && t == term;

    public bool IsUpToDate(ulong lastIndex, ulong term) => term > LastTerm || (term == LastTerm && lastIndex >= LastIndex);

    /// <summary>Entries from <paramref name="lo"/>, at most <paramref name="max"/>; null when <paramref name="lo"/> is compacted.</summary>
    public IReadOnlyList<Entry>? EntriesFrom(ulong lo, int max)
    {
        if (lo < FirstIndex) return null;
        if (lo > LastIndex) return [];
        var start = (int)(lo - FirstIndex);
        var count = Math.Min(max, Storage.Entries.Count - start);
        return count == 1 ? [Storage.Entries[start]] : Storage.Entries.GetRange(start, count);
    }

    public Entry EntryAt(ulong i) => Storage.Entries[(int)(i - FirstIndex)];

    public ulong Append(IReadOnlyList<Entry> entries)
    {
        if (entries.Count == 0) return LastIndex;
        var after = entries[0].Index - 1;
        if (after < Committed) throw new RaftPanicException($"after({after}) is out of range [committed({Committed})]");
        TruncateAfter(after);
        Storage.Entries.AddRange(entries);
        return LastIndex;
    }

    /// <summary>The leader appends one entry of its own at the end of the log.</summary>
    public void AppendOne(Entry entry) => Storage.Entries.Add(entry);

    private void TruncateAfter(ulong after)
    {
        var keep = (int)(after - Storage.Snapshot.Index);
        if (keep < Storage.Entries.Count) Storage.Entries.RemoveRange(keep, Storage.Entries.Count - keep);
    }

    private ulong FindConflict(IReadOnlyList<Entry> entries)
    {
        foreach (var e in entries)
            if (!MatchTerm(e.Index, e.Term)) return e.Index;
        return 0;
    }

    /// <summary>raftLog.maybeAppend: the new last index, or null when the entry before them does not match.</summary>
    public ulong? MaybeAppend(ulong index, ulong logTerm, ulong committed, IReadOnlyList<Entry> entries)
    {
        if (!MatchTerm(index, logTerm)) return null;
        var lastNew = index + (ulong)entries.Count;
        var ci = FindConflict(entries);
        if (ci != 0)
        {
            if (ci <= Committed) throw new RaftPanicException($"entry {ci} conflict with committed entry [committed({Committed})]");
            var offset = (int)(ci - index - 1);
            Append(offset == 0 ? entries : entries.Skip(offset).ToList());
        }
        CommitTo(Math.Min(committed, lastNew));
        return lastNew;
    }

    public void CommitTo(ulong toCommit)
    {
        if (Committed >= toCommit) return;
        if (LastIndex < toCommit)
            throw new RaftPanicException($"tocommit({toCommit}) is out of range [lastIndex({LastIndex})]. Was the raft log corrupted, truncated, or lost?");
        Committed = toCommit;
    }

    public bool MaybeCommit(ulong index, ulong term)
    {
        if (index > Committed && Term(index) == term)
        {
            CommitTo(index);
            return true;
        }
        return false;
    }

    public void AppliedTo(ulong i)
    {
        if (i == 0) return;
        if (i > Committed || i < Applied) throw new RaftPanicException($"applied({i}) is out of range [prevApplied({Applied}), committed({Committed})]");
        Applied = i;
    }

    public bool HasNextEntries => Committed > Applied && Applied + 1 >= FirstIndex;

    /// <summary>Replaces the log by <paramref name="snapshot"/> (a follower installing the leader's snapshot).</summary>
    public void Restore(RaftSnapshot snapshot)
    {
        Storage.Entries.Clear();
        Storage.Snapshot = snapshot;
        Committed = snapshot.Index;
        Applied = snapshot.Index;
    }

    /// <summary>
    /// Replaces the entries up to <paramref name="snapshot"/>'s index, which must be applied, by
    /// the snapshot. (etcd keeps SnapshotCatchUpEntries entries behind its snapshot for slow
    /// followers; here a follower that far behind gets the snapshot instead, which ends the same.)
    /// </summary>
    public void Compact(RaftSnapshot snapshot)
    {
        if (snapshot.Index <= Storage.Snapshot.Index || snapshot.Index > Applied) return;
        Storage.Entries.RemoveRange(0, (int)(snapshot.Index - Storage.Snapshot.Index));
        Storage.Snapshot = snapshot;
    }
}
