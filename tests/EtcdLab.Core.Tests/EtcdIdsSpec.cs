using EtcdLab.Core.Identity;

namespace EtcdLab.Core.Tests;

public class EtcdIdsSpec
{
    // Read off real etcd 3.4.23 on this machine: three members, token t1 (see shared/etcd/README.md).
    [Fact]
    public void MemberId_should_equal_real_etcd_for_a_static_bootstrap()
    {
        string[] urls = ["http://127.0.1.1:2380", "http://127.0.1.2:2380", "http://127.0.1.3:2380"];
        var ids = urls.Select(u => EtcdIds.MemberId([u], "t1")).ToArray();
        Assert.Equal(["f53dc916625223aa", "36d0c7f3acdc6f84", "9344029ffa2da6ac"], ids.Select(EtcdIds.Hex));
        Assert.Equal("1bfce294034d8791", EtcdIds.Hex(EtcdIds.ClusterId(ids)));
    }

    [Fact]
    public void ClusterId_should_equal_real_etcd_for_a_member_started_new_against_a_running_cluster()
    {
        // Measured here: m4 started with initial-cluster-state=new and m1, m2, m4 in --initial-cluster
        // bootstrapped its own cluster 330c22d141ac1f6a with member ID 823089b77f2afc0f.
        var m4 = EtcdIds.MemberId(["http://127.0.1.4:2380"], "t1");
        Assert.Equal("823089b77f2afc0f", EtcdIds.Hex(m4));
        var cluster = EtcdIds.ClusterId([m4, EtcdIds.MemberId(["http://127.0.1.1:2380"], "t1"), EtcdIds.MemberId(["http://127.0.1.2:2380"], "t1")]);
        Assert.Equal("330c22d141ac1f6a", EtcdIds.Hex(cluster));
    }

    [Fact]
    public void MemberId_should_change_with_the_add_time()
    {
        var a = EtcdIds.MemberId(["http://127.0.1.4:2380"], "t1", 1_700_000_000);
        var b = EtcdIds.MemberId(["http://127.0.1.4:2380"], "t1", 1_700_000_001);
        Assert.NotEqual(a, b);
    }
}
