using EtcdLab.Core.Hygiene;
using Docker.DotNet;
using Docker.DotNet.Models;
using EtcdLab.Driver.Containers;
using EtcdLab.Driver.Docker;
using EtcdLab.Driver.Network;

namespace EtcdLab.Driver.Reaper;

/// <summary>
/// Removes what dead runs left behind: containers labelled <c>etcdlab.run</c>, run directories under
/// the data root, partition rules commented <c>etcdlab:&lt;runId&gt;</c>, egress rules (iptables and
/// ip6tables) commented <c>etcdlab-egress:&lt;runId&gt;:&lt;owner&gt;</c> and degraded-link rules (mangle
/// POSTROUTING, the delay queue's included) commented <c>etcdlab-links:&lt;runId&gt;:&lt;owner&gt;</c>, for every run whose owning
/// process (pid and start time, from the container labels, the run directory's owner file or the
/// egress rule's comment) is gone. A live run is never touched, whoever owns it.
/// </summary>
public static class ResourceReaper
{
    /// <summary>A run directory without an owner file younger than this may still be starting.</summary>
    private static readonly TimeSpan OwnerlessGrace = TimeSpan.FromMinutes(1);

    /// <summary>Removes the leftovers of dead runs.</summary>
    /// <param name="engine">The engine whose containers to inspect; null when none answers (only directories
    /// and firewall rules are then looked at).</param>
    /// <param name="dataRoot">The data root whose run directories to inspect.</param>
    /// <param name="ct">Cancels the pass.</param>
    public static async Task<ReaperReport> ReapAsync(DockerEngine? engine, string dataRoot, CancellationToken ct)
    {
        var alive = new Dictionary<string, bool>(StringComparer.Ordinal);
        var dead = new SortedSet<string>(StringComparer.Ordinal);

        // Containers: their labels name the owner.
        var containers = engine is null ? [] : await engine.Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [ContainerLabels.Run] = true } },
        }, ct);
        var removedContainers = 0;
        foreach (var c in containers)
        {
            var run = c.Labels[ContainerLabels.Run];
            var owner = RunOwner.FromLabels(c.Labels, ContainerLabels.OwnerPid, ContainerLabels.OwnerStart);
            if (owner is not null && owner.IsAlive)
            {
                alive[run] = true;
                continue;
            }
            dead.Add(run);
            try
            {
                await engine!.Client.Containers.RemoveContainerAsync(c.ID, new ContainerRemoveParameters { Force = true }, ct);
                removedContainers++;
            }
            catch (DockerApiException)
            {
                // Gone already, or removal in progress.
            }
        }

        // Run directories: the owner file names the owner.
        var removedDirectories = 0;
        var root = Path.GetFullPath(dataRoot);
        if (Directory.Exists(root))
        {
            foreach (var dir in Directory.EnumerateDirectories(root))
            {
                var run = Path.GetFileName(dir);
                if (run == "slots") continue;
                var owner = RunOwner.FromFile(Path.Combine(dir, "owner"));
                if (owner is null)
                {
                    if (DateTime.UtcNow - Directory.GetLastWriteTimeUtc(dir) < OwnerlessGrace) continue;
                }
                else if (owner.IsAlive)
                {
                    alive[run] = true;
                    continue;
                }
                dead.Add(run);
                try
                {
                    Directory.Delete(dir, recursive: true);
                    removedDirectories++;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Left for the next pass.
                }
            }
        }

        // Firewall rules: a run is alive only if a live owner vouched for it above. The egress rules
        // matter most: left behind, they would hold a later run of the same slot to the dead run's network.
        var removedRules = 0;
        var rules = (await PartitionFirewall.ListAsync(ct)).Concat(await EgressFirewall.ListAsync(ct)).Concat(await LinkFirewall.ListAsync(ct));
        foreach (var rule in rules)
        {
            if (rule.Owner is { } owner)
            {
                if (owner.IsAlive) continue;
                dead.Add(rule.RunId);
                if (await PartitionFirewall.DeleteAsync(rule, ct)) removedRules++;
                continue;
            }
            if (alive.ContainsKey(rule.RunId)) continue;
            if (!Directory.Exists(Path.Combine(root, rule.RunId)) || dead.Contains(rule.RunId))
            {
                dead.Add(rule.RunId);
                if (await PartitionFirewall.DeleteAsync(rule, ct)) removedRules++;
            }
        }

        return new ReaperReport(dead.ToArray(), removedContainers, removedDirectories, removedRules);
    }
}
