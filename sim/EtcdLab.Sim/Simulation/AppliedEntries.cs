using EtcdLab.Sim.Raft;
using EtcdLab.Sim.Server;

namespace EtcdLab.Sim.Simulation;

/// <summary>
/// The first entry any member of a cluster applied at each Raft index, to find a member that applies
/// another one there (Raft's state machine safety, broken). One per simulated world; it keeps one
/// reference per index, which the entries' own storage holds anyway.
/// </summary>
internal sealed class AppliedEntries
{
    private readonly Dictionary<(ulong Cluster, ulong Index), (string Host, ulong Term, object? Data)> _first = [];
    private readonly HashSet<(ulong Cluster, string Host)> _diverged = [];

    /// <summary>Notes that <paramref name="host"/> applied (<paramref name="term"/>, <paramref name="data"/>) at
    /// <paramref name="index"/> of <paramref name="cluster"/>; returns the different entry another member applied
    /// there first, once per member and cluster (the first index where it diverges), or null.</summary>
    public (string Host, string Applied, string OtherApplied)? Apply(string host, ulong cluster, ulong index, ulong term, object? data)
    {
        if (!_first.TryGetValue((cluster, index), out var first))
        {
            _first[(cluster, index)] = (host, term, data);
            return null;
        }
        if (first.Term == term && Same(first.Data, data)) return null;
        if (!_diverged.Add((cluster, host))) return null;
        return (first.Host, Describe(term, data), Describe(first.Term, first.Data));
    }

    /// <summary>A member forced a new cluster: from <paramref name="fromIndex"/> on, the history of <paramref name="cluster"/>
    /// is what that member applies next, not what members left behind applied there before.</summary>
    public void Rewrite(ulong cluster, ulong fromIndex)
    {
        foreach (var key in _first.Keys.Where(k => k.Cluster == cluster && k.Index >= fromIndex).ToArray()) _first.Remove(key);
    }

    /// <summary>True when two entries' payloads are the same request. Members usually hold the very same
    /// object; a member that built an entry itself (bootstrap, <c>--force-new-cluster</c>) holds an equal one.</summary>
    private static bool Same(object? a, object? b) => ReferenceEquals(a, b) || (a, b) switch
    {
        (PublishRequest x, PublishRequest y) => x.RequestId == y.RequestId && x.MemberId == y.MemberId && x.Name == y.Name && x.ClientUrls.SequenceEqual(y.ClientUrls),
        _ => Equals(a, b),
    };

    /// <summary>An entry in words: <c>put /etcdlab/app-000012=v12 (term 3)</c>.</summary>
    private static string Describe(ulong term, object? data)
    {
        var what = data switch
        {
            null => "an empty entry",
            PutRequest put => $"put {put.Key}={put.Value}",
            PublishRequest publish => $"the publish of member {publish.MemberId:x} as {publish.Name}",
            ConfChange cc => $"conf change {cc.Type} of member {cc.NodeId:x}",
            _ => data.GetType().Name,
        };
        return $"{what} (term {term})";
    }
}
