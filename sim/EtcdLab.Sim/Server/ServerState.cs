using System.Collections.Immutable;
using EtcdLab.Sim.Raft;

namespace EtcdLab.Sim.Server;

/// <summary>
/// The applied state of a member at <see cref="AppliedIndex"/>: the key-value store with its
/// revision and the membership (members, removed IDs, raft configuration). Immutable except for
/// <see cref="Kv"/>, which the owning member changes in place until <see cref="Frozen"/> shares it.
/// </summary>
internal sealed record ServerState(
    ulong AppliedIndex,
    KvStore Kv,
    long Revision,
    ImmutableSortedDictionary<ulong, Member> Members,
    ImmutableSortedSet<ulong> Removed,
    ConfState Conf)
{
    public static ServerState Empty { get; } = new(
        0,
        KvStore.CreateFrozen(),
        1,
        ImmutableSortedDictionary<ulong, Member>.Empty,
        ImmutableSortedSet<ulong>.Empty,
        ConfState.Empty);

    /// <summary>Writes a key. The key-value store changes in place unless it is shared: only the
    /// state this returns may be used afterwards.</summary>
    public ServerState Put(string key, string value)
    {
        var rev = Revision + 1;
        var record = Kv.TryGetValue(key, out var old)
            ? new KvRecord(value, old.CreateRevision, rev, old.Version + 1)
            : new KvRecord(value, rev, rev, 1);
        var kv = Kv.Writable();
        kv.Set(key, record);
        return this with { Kv = kv, Revision = rev };
    }

    /// <summary>This state, safe to share: its key-value store never changes again.</summary>
    public ServerState Frozen()
    {
        Kv.Freeze();
        return this;
    }

    /// <summary>The cluster version the leader decided ("3.0", "3.4"), null until one was applied
    /// (etcd's <c>cluster version: to_be_decided</c>).</summary>
    public string? ClusterVersion { get; init; }

    public IEnumerable<Member> VotingMembers => Members.Values.Where(m => !m.IsLearner);

    /// <summary>The membership as a restart reloads it: names that were never published are gone.</summary>
    public ServerState Reloaded() =>
        this with { Members = Members.Values.Select(m => m.AsReloaded()).ToImmutableSortedDictionary(m => m.Id, m => m) };

    /// <summary>A rough backend size: etcd's bbolt file grows in pages with the data.</summary>
    public long DbSizeBytes
    {
        get
        {
            long bytes = 0;
            foreach (var (k, v) in Kv.All) bytes += k.Length + v.Value.Length + 64;
            return 20_480 + (bytes + Revision * 16) / 4096 * 4096;
        }
    }
}
