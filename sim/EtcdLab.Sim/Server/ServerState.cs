using System.Collections.Immutable;
using EtcdLab.Sim.Raft;

namespace EtcdLab.Sim.Server;

/// <summary>
/// The applied state of a member at <see cref="AppliedIndex"/>: the key-value store with its
/// revision and the membership (members, removed IDs, raft configuration). Immutable, so a
/// snapshot, a copied data dir or a snapshot file shares it at no cost.
/// </summary>
internal sealed record ServerState(
    ulong AppliedIndex,
    ImmutableSortedDictionary<string, KvRecord> Kv,
    long Revision,
    ImmutableSortedDictionary<ulong, Member> Members,
    ImmutableSortedSet<ulong> Removed,
    ConfState Conf)
{
    public static ServerState Empty { get; } = new(
        0,
        ImmutableSortedDictionary.Create<string, KvRecord>(StringComparer.Ordinal),
        1,
        ImmutableSortedDictionary<ulong, Member>.Empty,
        ImmutableSortedSet<ulong>.Empty,
        ConfState.Empty);

    public ServerState Put(string key, string value)
    {
        var rev = Revision + 1;
        var record = Kv.TryGetValue(key, out var old)
            ? new KvRecord(value, old.CreateRevision, rev, old.Version + 1)
            : new KvRecord(value, rev, rev, 1);
        return this with { Kv = Kv.SetItem(key, record), Revision = rev };
    }

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
            foreach (var (k, v) in Kv) bytes += k.Length + v.Value.Length + 64;
            return 20_480 + (bytes + Revision * 16) / 4096 * 4096;
        }
    }
}
