using EtcdLab.Core.Targets;

namespace EtcdLab.Sim.Tests;

public sealed class BootstrapSpec
{
    [Fact]
    public async Task Bootstrap_should_derive_real_etcd_ids_for_three_members()
    {
        await using var c = await SimCluster.CreateAsync(3);
        await c.BootstrapAsync(3);
        var o = await c.ObserveAsync();
        Assert.Equal(0xf53dc916625223aaUL, o["m1"].Status!.Header.MemberId);
        Assert.Equal(0x36d0c7f3acdc6f84UL, o["m2"].Status!.Header.MemberId);
        Assert.Equal(0x9344029ffa2da6acUL, o["m3"].Status!.Header.MemberId);
        Assert.All(o.Hosts, h => Assert.Equal(0x1bfce294034d8791UL, h.Status!.Header.ClusterId));
        var members = o["m1"].Members!;
        Assert.Equal(3, members.Count);
        Assert.All(members, m => Assert.True(m.IsStarted));
        Assert.Equal(["http://127.0.1.1:2379"], members.Single(m => m.Name == "m1").ClientUrls);
    }
}
