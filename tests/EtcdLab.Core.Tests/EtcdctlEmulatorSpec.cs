using EtcdLab.Core.Etcdctl;
using EtcdLab.Core.Targets;

namespace EtcdLab.Core.Tests;

public class EtcdctlEmulatorSpec
{
    private const ulong Cluster = 0x1bfce294034d8791;
    private static readonly ResponseHeader Header = new(Cluster, 0xf53dc916625223aa, 2, 2);

    private static MemberInfo Member(ulong id, string name, string ip, bool started = true) =>
        new(id, started ? name : "", [$"http://{ip}:2380"], started ? [$"http://{ip}:2379"] : [], false);

    private static readonly MemberInfo[] ThreeWithUnstarted =
    [
        Member(0x36d0c7f3acdc6f84, "m2", "127.0.1.2"),
        Member(0x4e899164494c120d, "m4", "127.0.1.4", started: false),
        Member(0xf53dc916625223aa, "m1", "127.0.1.1"),
    ];

    private static Task<EtcdctlOutput> Run(ScriptedTarget target, string commandLine) =>
        new EtcdctlEmulator(target).RunAsync("m1", "http://127.0.1.1:2379", EtcdctlParser.Parse(commandLine), CancellationToken.None);

    // Expected texts below were printed by etcdctl 3.4.23 against real members on this machine.
    [Fact]
    public async Task MemberList_should_print_what_etcdctl_prints()
    {
        var target = new ScriptedTarget { MemberList = _ => new MemberListReply(Header, ThreeWithUnstarted) };
        var output = await Run(target, "member list");
        Assert.Equal(0, output.ExitCode);
        Assert.Equal(
            "36d0c7f3acdc6f84, started, m2, http://127.0.1.2:2380, http://127.0.1.2:2379, false\n" +
            "4e899164494c120d, unstarted, , http://127.0.1.4:2380, , false\n" +
            "f53dc916625223aa, started, m1, http://127.0.1.1:2380, http://127.0.1.1:2379, false\n",
            output.Stdout);
    }

    [Fact]
    public async Task MemberAdd_should_print_the_environment_for_the_new_member()
    {
        var added = Member(0x4e899164494c120d, "", "127.0.1.4", started: false);
        var target = new ScriptedTarget
        {
            MemberAdd = (_, urls, _) => new MemberAddReply(Header, added, ThreeWithUnstarted),
            MemberList = _ => new MemberListReply(Header, ThreeWithUnstarted),
        };
        var output = await Run(target, "member add m4 --peer-urls=http://127.0.1.4:2380");
        Assert.Equal(
            "Member 4e899164494c120d added to cluster 1bfce294034d8791\n\n" +
            "ETCD_NAME=\"m4\"\n" +
            "ETCD_INITIAL_CLUSTER=\"m2=http://127.0.1.2:2380,m4=http://127.0.1.4:2380,m1=http://127.0.1.1:2380\"\n" +
            "ETCD_INITIAL_ADVERTISE_PEER_URLS=\"http://127.0.1.4:2380\"\n" +
            "ETCD_INITIAL_CLUSTER_STATE=\"existing\"\n",
            output.Stdout);
    }

    [Fact]
    public async Task MemberAdd_should_print_the_servers_error_and_exit_1()
    {
        var target = new ScriptedTarget { MemberAdd = (_, _, _) => new RpcError(RpcErrorCode.Unavailable, "etcdserver: unhealthy cluster") };
        var output = await Run(target, "member add m4 --peer-urls=http://127.0.1.4:2380");
        Assert.Equal(1, output.ExitCode);
        Assert.Equal("Error: etcdserver: unhealthy cluster\n", output.Stderr);
        Assert.Equal("etcdserver: unhealthy cluster", output.Error);
    }

    [Theory]
    [InlineData("member add", "member name not provided")]
    [InlineData("member add m4 http://127.0.1.4:2380", "too many arguments, did you mean --peer-urls=http://127.0.1.4:2380")]
    [InlineData("member add m4", "member peer urls not provided")]
    [InlineData("member remove", "member ID is not provided")]
    [InlineData("member remove xyz", "bad member ID arg (strconv.ParseUint: parsing \"xyz\": invalid syntax), expecting ID in Hex")]
    public async Task Arguments_should_be_checked_as_etcdctl_checks_them(string commandLine, string error)
    {
        var target = new ScriptedTarget();
        var output = await Run(target, commandLine);
        Assert.Equal(EtcdctlOutput.ExitBadArgs, output.ExitCode);
        Assert.Equal(error, output.Error);
        Assert.Empty(target.Calls);
    }

    [Fact]
    public async Task An_endpoint_nothing_listens_on_should_fail_after_the_dial_timeout_with_exit_2()
    {
        var target = new ScriptedTarget();
        var output = await Run(target, "member list");
        Assert.Equal(EtcdctlOutput.ExitBadConnection, output.ExitCode);
        Assert.Equal("context deadline exceeded", output.Error);
        Assert.Equal(TimeSpan.FromSeconds(2), target.Now);
    }

    [Fact]
    public async Task Several_endpoints_should_be_tried_in_order_until_one_accepts()
    {
        var target = new ScriptedTarget
        {
            MemberList = ep => ep.Contains("127.0.1.3") ? new MemberListReply(Header, ThreeWithUnstarted) : RpcError.ConnectionRefused,
        };
        var output = await Run(target, "member list --endpoints=http://127.0.1.1:2379,http://127.0.1.3:2379");
        Assert.Equal(0, output.ExitCode);
        Assert.Equal(["list http://127.0.1.1:2379", "list http://127.0.1.3:2379"], target.Calls);
    }

    [Fact]
    public async Task EndpointHealth_should_print_each_endpoint_to_stderr_and_fail_when_one_is_unhealthy()
    {
        var target = new ScriptedTarget
        {
            Health = ep => ep.Contains("127.0.1.1")
                ? new HealthReply(ep, true, TimeSpan.FromTicks(25701), null)
                : new HealthReply(ep, false, TimeSpan.FromSeconds(5), "context deadline exceeded"),
        };
        var output = await Run(target, "endpoint health --endpoints=http://127.0.1.1:2379,http://127.0.1.3:2379");
        Assert.Equal(1, output.ExitCode);
        Assert.Equal(
            "http://127.0.1.1:2379 is healthy: successfully committed proposal: took = 2.5701ms\n" +
            "http://127.0.1.3:2379 is unhealthy: failed to commit proposal: context deadline exceeded\n" +
            "Error: unhealthy cluster\n",
            output.Stderr);
    }

    [Fact]
    public async Task EndpointStatus_table_should_match_etcdctl()
    {
        var target = new ScriptedTarget
        {
            Status = _ => new StatusReply(Header with { Revision = 1 }, "3.4.23", 20480, 0xf53dc916625223aa, 8, 2, 8, [], false),
        };
        var output = await Run(target, "endpoint status -w table");
        Assert.Equal(
            "+-----------------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------+\n" +
            "|       ENDPOINT        |        ID        | VERSION | DB SIZE | IS LEADER | IS LEARNER | RAFT TERM | RAFT INDEX | RAFT APPLIED INDEX | ERRORS |\n" +
            "+-----------------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------+\n" +
            "| http://127.0.1.1:2379 | f53dc916625223aa |  3.4.23 |   20 kB |      true |      false |         2 |          8 |                  8 |        |\n" +
            "+-----------------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------+\n",
            output.Stdout);
    }

    [Fact]
    public async Task EndpointStatus_should_report_an_endpoint_it_cannot_reach_and_exit_1()
    {
        var output = await Run(new ScriptedTarget(), "endpoint status --endpoints=http://127.0.1.4:2379");
        Assert.Equal(1, output.ExitCode);
        Assert.Equal("Failed to get the status of endpoint http://127.0.1.4:2379 (context deadline exceeded)\n", output.Stderr);
    }

    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(9L, "900ns")]
    [InlineData(10L, "1µs")]
    [InlineData(25701L, "2.5701ms")]
    [InlineData(15_000_000L, "1.5s")]
    [InlineData(620_000_000L, "1m2s")]
    public void Durations_should_print_as_Go_prints_them(long ticks, string expected) =>
        Assert.Equal(expected, GoFormat.Duration(TimeSpan.FromTicks(ticks)));

    [Theory]
    [InlineData(20480L, "20 kB")]
    [InlineData(9L, "9 B")]
    [InlineData(1_500_000L, "1.5 MB")]
    public void Sizes_should_print_as_go_humanize_prints_them(long size, string expected) => Assert.Equal(expected, GoFormat.HumanBytes(size));
}
