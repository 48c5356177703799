using EtcdLab.Driver.Containers;

namespace EtcdLab.Driver.WaitStrategies;

/// <summary>
/// Holds when every given member answers Status, all name the same leader, and that leader is
/// one of them. Without hosts it checks every member whose process runs.
/// </summary>
public sealed class UntilLeaderElected(params string[] hosts) : IEtcdWaitStrategy
{
    /// <inheritdoc />
    public string Description => hosts.Length == 0 ? "a leader known to every running member" : $"a leader known to {string.Join(", ", hosts)}";

    /// <inheritdoc />
    public async Task<WaitCheck> CheckAsync(EtcdCluster cluster, TimeSpan callTimeout, CancellationToken ct)
    {
        var members = hosts.Length == 0 ? cluster.Containers.Where(c => c.HasContainer).ToArray() : hosts.Select(h => cluster[h]).ToArray();
        if (members.Length == 0) return new WaitCheck(false, "no member runs");
        var answers = await Task.WhenAll(members.Select(async m => (Member: m, Status: await cluster.Rpc.StatusAsync(m.ClientUrl, callTimeout, ct))));
        var progress = string.Join("; ", answers.Select(a =>
            a.Status.IsOk ? $"{a.Member.Host}: leader {a.Status.Value.Leader:x} term {a.Status.Value.RaftTerm}" : $"{a.Member.Host}: {a.Status.Error}"));
        if (answers.Any(a => !a.Status.IsOk)) return new WaitCheck(false, progress);
        var leaders = answers.Select(a => a.Status.Value!.Leader).Distinct().ToArray();
        var ready = leaders is [not 0 and var leader] && answers.Any(a => a.Status.Value!.Header.MemberId == leader);
        return new WaitCheck(ready, progress);
    }
}
