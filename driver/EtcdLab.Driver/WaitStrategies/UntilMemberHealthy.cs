using EtcdLab.Driver.Containers;

namespace EtcdLab.Driver.WaitStrategies;

/// <summary>
/// Holds when each given member commits a linearizable read (what <c>etcdctl endpoint health</c>
/// checks): it has joined, knows a leader and is caught up. Without hosts it checks every member
/// whose process runs. A member that is still joining accepts the connection and answers once it
/// serves, so a check waits for it rather than failing and sleeping.
/// </summary>
public sealed class UntilMemberHealthy(params string[] hosts) : IEtcdWaitStrategy
{
    /// <inheritdoc />
    public string Description => hosts.Length == 0 ? "every running member healthy" : $"{string.Join(", ", hosts)} healthy";

    /// <inheritdoc />
    public async Task<WaitCheck> CheckAsync(EtcdCluster cluster, TimeSpan callTimeout, CancellationToken ct)
    {
        var members = hosts.Length == 0 ? cluster.Containers.Where(c => c.HasContainer).ToArray() : hosts.Select(h => cluster[h]).ToArray();
        if (members.Length == 0) return new WaitCheck(false, "no member runs");
        var replies = await cluster.Rpc.CheckHealthAsync(members.Select(m => m.ClientUrl).ToArray(), callTimeout, ct);
        var progress = string.Join("; ", members.Zip(replies, (m, r) => r.Healthy ? $"{m.Host}: healthy" : $"{m.Host}: {r.Error}"));
        return new WaitCheck(replies.All(r => r.Healthy), progress);
    }
}
