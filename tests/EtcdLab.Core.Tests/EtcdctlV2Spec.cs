using EtcdLab.Core.Etcdctl;
using EtcdLab.Core.Targets;

namespace EtcdLab.Core.Tests;

/// <summary>
/// etcdctl 3.4.23 with ETCDCTL_API=2. The expected texts were printed by the real /usr/bin/etcdctl
/// against etcd 3.4.23 members on 127.0.77.x (with and without --enable-v2), or read in
/// etcdctl/ctlv2/command at v3.4.23 where noted.
/// </summary>
public class EtcdctlV2Spec
{
    private const ulong Cluster = 0x1bfce294034d8791;
    private static readonly ResponseHeader Header = new(Cluster, 0xff5195d4c53b68b, 2, 2);

    private static MemberInfo Member(ulong id, string name, string ip, bool started = true) =>
        new(id, started ? name : "", [$"http://{ip}:2380"], started ? [$"http://{ip}:2379"] : [], false);

    private static readonly MemberInfo[] Two =
    [
        Member(0x0ff5195d4c53b68b, "m1", "127.0.1.1"),
        Member(0x4e899164494c120d, "m4", "127.0.1.4", started: false),
    ];

    private static StatusReply Status(ulong leader) => new(Header, "3.4.23", 20480, leader, 9, 2, 9, [], false);

    private static Task<EtcdctlOutput> Run(ScriptedTarget target, string commandLine) =>
        new EtcdctlEmulator(target).RunAsync("m1", "http://127.0.1.1:2379", EtcdctlParser.Parse(commandLine), CancellationToken.None);

    [Fact]
    public async Task MemberList_should_print_v2_rows_with_the_leader()
    {
        var target = new ScriptedTarget { MemberList = _ => new MemberListReply(Header, Two), Status = _ => Status(0x0ff5195d4c53b68b) };
        var output = await Run(target, "ETCDCTL_API=2 etcdctl member list");
        Assert.Equal(0, output.ExitCode);
        Assert.Equal(
            "ff5195d4c53b68b: name=m1 peerURLs=http://127.0.1.1:2380 clientURLs=http://127.0.1.1:2379 isLeader=true\n" +
            "4e899164494c120d[unstarted]: peerURLs=http://127.0.1.4:2380\n",
            output.Stdout);
    }

    [Fact]
    public async Task MemberList_should_fail_without_a_leader()
    {
        var target = new ScriptedTarget { MemberList = _ => new MemberListReply(Header, Two), Status = _ => Status(0) };
        var output = await Run(target, "ETCDCTL_API=2 etcdctl member list");
        Assert.Equal(1, output.ExitCode);
        Assert.Equal(
            "Failed to get leader:  client: etcd cluster is unavailable or misconfigured; error #0: client: etcd member http://127.0.1.1:2379 has no leader\n\n",
            output.Stderr);
    }

    [Fact]
    public async Task Member_commands_should_get_404_from_a_member_without_enable_v2()
    {
        var target = new ScriptedTarget { MemberList = _ => new MemberListReply(Header, Two), ServesV2 = _ => false };
        var list = await Run(target, "ETCDCTL_API=2 etcdctl member list");
        Assert.Equal((1, "", "unexpected status code 404\n"), (list.ExitCode, list.Stdout, list.Stderr));
        var health = await Run(target, "ETCDCTL_API=2 etcdctl cluster-health");
        Assert.Equal((4, "cluster may be unhealthy: failed to list members\n", "Error:  unexpected status code 404\n"), (health.ExitCode, health.Stdout, health.Stderr));
    }

    [Fact]
    public async Task A_refused_connection_should_exit_2_with_the_cluster_error_and_its_detail()
    {
        var target = new ScriptedTarget();
        var output = await Run(target, "ETCDCTL_API=2 etcdctl -C http://127.0.1.3:2379 member list");
        Assert.Equal(2, output.ExitCode);
        Assert.Equal(
            "Error:  client: etcd cluster is unavailable or misconfigured; error #0: dial tcp 127.0.1.3:2379: connect: connection refused\n\n" +
            "error #0: dial tcp 127.0.1.3:2379: connect: connection refused\n\n",
            output.Stderr);
        var health = await Run(target, "ETCDCTL_API=2 etcdctl --endpoints http://127.0.1.3:2379 cluster-health");
        Assert.Equal(4, health.ExitCode);
        Assert.Equal("cluster may be unhealthy: failed to list members\n", health.Stdout);
        Assert.StartsWith("Error:  client: etcd cluster is unavailable or misconfigured; error #0: dial tcp 127.0.1.3:2379", health.Stderr);
    }

    [Fact]
    public async Task ClusterHealth_should_report_each_member_and_the_cluster()
    {
        var three = new[] { Member(0x1aef85178e544821, "m3", "127.0.1.3"), Member(0x2c278ee7ee224935, "m2", "127.0.1.2"), Member(0x5918537c34aa1630, "m1", "127.0.1.1") };
        var target = new ScriptedTarget
        {
            MemberList = _ => new MemberListReply(Header, three),
            Health = ep => ep.Contains("127.0.1.3") ? new HealthReply(ep, false, TimeSpan.Zero, RpcError.ConnectionRefused.Message)
                : new HealthReply(ep, true, TimeSpan.FromMilliseconds(1), null),
        };
        var output = await Run(target, "ETCDCTL_API=2 etcdctl cluster-health");
        // ctlv2/command/cluster_health.go; Go 1.19's url.Error quotes the URL.
        Assert.Equal(
            "failed to check the health of member 1aef85178e544821 on http://127.0.1.3:2379: Get \"http://127.0.1.3:2379/health\": dial tcp 127.0.1.3:2379: connect: connection refused\n" +
            "member 1aef85178e544821 is unreachable: [http://127.0.1.3:2379] are all unreachable\n" +
            "member 2c278ee7ee224935 is healthy: got healthy result from http://127.0.1.2:2379\n" +
            "member 5918537c34aa1630 is healthy: got healthy result from http://127.0.1.1:2379\n" +
            "cluster is degraded\n",
            output.Stdout);
        Assert.Equal(5, output.ExitCode);
    }

    [Fact]
    public async Task MemberAdd_should_print_v2s_environment_without_advertise_urls()
    {
        var added = Member(0xcca907b185bee165, "", "127.0.1.9", started: false);
        var one = new[] { Member(0x4649ade3d683670c, "b", "127.0.1.2") };
        var target = new ScriptedTarget
        {
            MemberAdd = (_, _, _) => new MemberAddReply(Header, added, [.. one, added]),
            MemberList = _ => new MemberListReply(Header, [.. one, added]),
        };
        var output = await Run(target, "ETCDCTL_API=2 etcdctl member add x http://127.0.1.9:2380");
        Assert.Equal(
            "Added member named x with ID cca907b185bee165 to cluster\n\n" +
            "ETCD_NAME=\"x\"\n" +
            "ETCD_INITIAL_CLUSTER=\"b=http://127.0.1.2:2380,x=http://127.0.1.9:2380\"\n" +
            "ETCD_INITIAL_CLUSTER_STATE=\"existing\"\n",
            output.Stdout);
    }

    [Fact]
    public async Task MemberAdd_of_a_known_peer_url_should_print_the_members_API_conflict()
    {
        var target = new ScriptedTarget
        {
            MemberList = _ => new MemberListReply(Header, Two),
            MemberAdd = (_, _, _) => new RpcError(RpcErrorCode.FailedPrecondition, "etcdserver: Peer URLs already exists"),
        };
        var output = await Run(target, "ETCDCTL_API=2 etcdctl member add x http://127.0.1.1:2380");
        Assert.Equal((1, "membership: peerURL exists\n"), (output.ExitCode, output.Stderr));
    }

    [Fact]
    public async Task MemberRemove_by_name_should_point_to_the_ID()
    {
        var target = new ScriptedTarget { MemberList = _ => new MemberListReply(Header, Two) };
        var output = await Run(target, "ETCDCTL_API=2 etcdctl member remove m1");
        Assert.Equal(1, output.ExitCode);
        Assert.Equal(
            "Found a member named m1; if this is correct, please use its ID, eg:\n\tetcdctl member remove ff5195d4c53b68b\n" +
            "For more details, read the documentation at https://github.com/etcd-io/etcd/blob/master/Documentation/runtime-configuration.md#remove-a-member\n\n" +
            "Couldn't find a member in the cluster with an ID of m1.\n",
            output.Stderr);
        Assert.DoesNotContain(target.Calls, c => c.StartsWith("remove", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MemberRemove_should_print_removed()
    {
        var target = new ScriptedTarget { MemberList = _ => new MemberListReply(Header, Two), MemberRemove = (_, _) => new MemberListReply(Header, Two[..1]) };
        var output = await Run(target, "ETCDCTL_API=2 etcdctl member remove 4e899164494c120d");
        Assert.Equal((0, "Removed member 4e899164494c120d from cluster\n"), (output.ExitCode, output.Stdout));
    }

    [Theory]
    [InlineData("member list x", "No arguments accepted\n")]
    [InlineData("member add x", "Provide a name and a single member peerURL\n")]
    [InlineData("member remove", "Provide a single member ID\n")]
    [InlineData("member update abc", "Provide an ID and a list of comma separated peerURL (0xabcd http://example.com,http://example1.com)\n")]
    public async Task Arguments_should_be_checked_as_ctlv2_checks_them(string command, string stderr)
    {
        var target = new ScriptedTarget();
        var output = await Run(target, "ETCDCTL_API=2 etcdctl " + command);
        Assert.Equal((1, stderr), (output.ExitCode, output.Stderr));
        Assert.Empty(target.Calls);
    }
}
