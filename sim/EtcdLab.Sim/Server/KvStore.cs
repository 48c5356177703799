namespace EtcdLab.Sim.Server;

/// <summary>
/// The current version of every key, sorted by key. Mutable while one member's apply loop owns it,
/// frozen once anything else shares it (a raft snapshot, a snapshot file, a copied data dir): a
/// frozen store is never changed again, and a write to it works on a copy. An immutable tree would
/// copy a path of nodes on every write on every member; this copies the store once per share.
/// </summary>
internal sealed class KvStore
{
    private readonly SortedDictionary<string, KvRecord> _keys;

    private KvStore(SortedDictionary<string, KvRecord> keys) => _keys = keys;

    public static KvStore CreateFrozen() => new(new SortedDictionary<string, KvRecord>(StringComparer.Ordinal)) { IsFrozen = true };

    public bool IsFrozen { get; private set; }

    public int Count => _keys.Count;

    public bool TryGetValue(string key, out KvRecord record) => _keys.TryGetValue(key, out record!);

    public IEnumerable<KeyValuePair<string, KvRecord>> All => _keys;

    /// <summary>From now on nobody changes this store.</summary>
    public KvStore Freeze()
    {
        IsFrozen = true;
        return this;
    }

    /// <summary>This store if it may change, else a changeable copy.</summary>
    public KvStore Writable() => IsFrozen ? new KvStore(new SortedDictionary<string, KvRecord>(_keys, StringComparer.Ordinal)) : this;

    public void Set(string key, KvRecord record)
    {
        if (IsFrozen) throw new InvalidOperationException("a frozen key-value store is shared and must not change");
        _keys[key] = record;
    }
}
