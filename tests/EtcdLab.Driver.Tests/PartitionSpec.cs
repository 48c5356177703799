using EtcdLab.Core.Targets;

namespace EtcdLab.Driver.Tests;

[Trait("Category", "Docker")]
public sealed class PartitionSpec
{
    [Fact]
    public async Task Partition_should_isolate_a_member_and_heal_should_bring_it_back()
    {
        await using var run = await DockerRun.CreateAsync(hosts: 3);
        await run.BootstrapAsync("m1", "m2", "m3");

        await run.Target.PartitionAsync([["m1"], ["m2", "m3"]], run.Ct);
        Assert.NotEmpty(await Leftovers.FirewallRulesAsync(run.Spec.RunId));

        await run.EventuallyAsync(async () => (await run.StatusAsync("m1")).Leader == 0, "the isolated member loses its leader");
        await run.WaitHealthyAsync("m2", "m3");
        var m1 = (await run.StatusAsync("m1")).Header.MemberId;
        Assert.NotEqual(m1, (await run.StatusAsync("m2")).Leader);
        var majority = await run.Target.PutAsync(run.Endpoint("m2"), "during-partition", "1", DockerRun.Rpc, run.Ct);
        Assert.True(majority.IsOk, majority.ToString());
        var minority = await run.Target.PutAsync(run.Endpoint("m1"), "lost", "1", TimeSpan.FromMilliseconds(500), run.Ct);
        Assert.False(minority.IsOk);
        // Client traffic is not cut: the isolated member still answers locally.
        Assert.True((await run.Target.MemberListAsync(run.Endpoint("m1"), DockerRun.Rpc, run.Ct)).IsOk);

        await run.Target.HealAsync(run.Ct);
        Assert.Empty(await Leftovers.FirewallRulesAsync(run.Spec.RunId));
        await run.WaitHealthyAsync("m1", "m2", "m3");
        var read = await run.Target.RangeAsync(run.Endpoint("m1"), "during-partition", null, serializable: false, DockerRun.Rpc, run.Ct);
        Assert.Equal("1", Assert.Single(read.Value!.Kvs).Value);
    }

    [Fact]
    public async Task A_new_partition_should_replace_the_previous_one()
    {
        await using var run = await DockerRun.CreateAsync(hosts: 3);
        await run.BootstrapAsync("m1", "m2", "m3");

        await run.Target.PartitionAsync([["m1"], ["m2", "m3"]], run.Ct);
        await run.EventuallyAsync(async () => (await run.StatusAsync("m1")).Leader == 0, "m1 loses its leader");
        await run.Target.PartitionAsync([["m3"], ["m1", "m2"]], run.Ct);
        await run.WaitHealthyAsync("m1", "m2");
        await run.EventuallyAsync(async () => (await run.StatusAsync("m3")).Leader == 0, "m3 loses its leader");
        await run.Target.HealAsync(run.Ct);
        await run.WaitHealthyAsync("m1", "m2", "m3");
    }
}
