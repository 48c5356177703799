using EtcdLab.Core.Identity;
using EtcdLab.Core.Targets;
using EtcdLab.Driver.Builders;

namespace EtcdLab.Driver.Tests;

[Trait("Category", "Docker")]
public sealed class ClusterStartSpec
{
    [Fact]
    public async Task Three_members_should_elect_one_leader_and_list_each_other_sorted_by_id()
    {
        await using var run = await DockerRun.CreateAsync(hosts: 4);
        await run.BootstrapAsync("m1", "m2", "m3");

        var observation = await run.Target.ObserveAsync(run.Ct);

        var expectedIds = new[] { "m1", "m2", "m3" }.ToDictionary(h => h, h => EtcdIds.MemberId([run.PeerUrl(h)], "etcdlab"));
        var expectedCluster = EtcdIds.ClusterId(expectedIds.Values);
        foreach (var host in new[] { "m1", "m2", "m3" })
        {
            var h = observation[host];
            Assert.Equal(ProcessState.Running, h.Process);
            Assert.Equal(run.Cluster[host].Ip, h.Ip);
            Assert.NotNull(h.Status);
            Assert.Equal(expectedIds[host], h.Status.Header.MemberId);
            Assert.Equal(expectedCluster, h.Status.Header.ClusterId);
            Assert.Equal("3.4.23", h.Status.Version);
            Assert.NotNull(h.Members);
            Assert.Equal(expectedIds.Values.Order(), h.Members.Select(m => m.Id));
            Assert.All(h.Members, m => Assert.True(m.IsStarted));
        }
        Assert.Single(observation.Hosts.Where(h => h.Status is not null).Select(h => h.Status!.Leader).Distinct());
        Assert.Contains(observation["m1"].Status!.Leader, expectedIds.Values);

        var m4 = observation["m4"];
        Assert.Equal(ProcessState.NotStarted, m4.Process);
        Assert.Null(m4.Status);
        Assert.Null(m4.Members);
    }

    [Fact]
    public async Task Builder_should_start_a_healthy_cluster_and_remove_it_on_dispose()
    {
        var cluster = new EtcdClusterBuilder().WithMembers(3).WithHeartbeat(TimeSpan.FromMilliseconds(10)).WithElectionTimeout(TimeSpan.FromMilliseconds(100)).Build();
        string runDir;
        await using (cluster)
        {
            await cluster.StartAsync(CancellationToken.None);
            runDir = cluster.Directories.RunDirectory;
            var health = await cluster.Rpc.CheckHealthAsync(cluster.Containers.Select(c => c.ClientUrl).ToArray(), DockerRun.Rpc, CancellationToken.None);
            Assert.All(health, h => Assert.True(h.Healthy, h.Error));
            Assert.All(cluster.Containers, c => Assert.Equal(cluster.Slot.Number, c.Ip.Split('.').Select(int.Parse).ElementAt(1)));
            Assert.Equal("10", cluster["m1"].Flags!.Get("heartbeat-interval"));
        }
        Assert.False(Directory.Exists(runDir));
        Assert.Empty(await Leftovers.ContainersAsync(cluster.RunId));
    }
}
