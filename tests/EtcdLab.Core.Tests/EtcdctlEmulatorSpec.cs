using EtcdLab.Core.Conformance;
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
        AssertPrinted(
            """
            {"level":"warn","ts":"2026-12-02T14:22:43.429Z","caller":"clientv3/retry_interceptor.go:62","msg":"retrying of unary invoker failed","target":"endpoint://client-06842038-915c-4c27-9614-595540e72d3a/127.0.1.1:2379","attempt":0,"error":"rpc error: code = Unavailable desc = etcdserver: unhealthy cluster"}
            Error: etcdserver: unhealthy cluster

            """, output.Stderr);
        Assert.Equal("etcdserver: unhealthy cluster", output.Error);
    }

    /// <summary>Asserts that the emulator printed what real etcdctl printed, line by line, up to what
    /// differs between any two runs (timestamps, client ids, IDs: <see cref="EtcdctlTranscript"/>).</summary>
    private static void AssertPrinted(string real, string emulated) =>
        Assert.Equal(EtcdctlTranscript.Normalize(real.Replace("\r\n", "\n")), EtcdctlTranscript.Normalize(emulated));

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
    public async Task An_endpoint_nothing_listens_on_should_fail_after_the_command_timeout_with_exit_1()
    {
        // etcdctl 3.4 does not block on its dial: with --dial-timeout=1s --command-timeout=3s it gave up after 3.03 s, exit 1.
        var target = new ScriptedTarget();
        var output = await Run(target, "member list --dial-timeout=1s --command-timeout=3s");
        Assert.Equal(EtcdctlOutput.ExitError, output.ExitCode);
        AssertPrinted(
            """
            {"level":"warn","ts":"2026-12-02T14:24:08.418Z","caller":"clientv3/retry_interceptor.go:62","msg":"retrying of unary invoker failed","target":"endpoint://client-31dac38c-b8c2-4f11-86d1-ab87a8d612b6/127.0.1.1:2379","attempt":0,"error":"rpc error: code = DeadlineExceeded desc = latest balancer error: all SubConns are in TransientFailure"}
            Error: context deadline exceeded

            """, output.Stderr);
        Assert.Equal(TimeSpan.FromSeconds(3), target.Now);
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
        AssertPrinted(
            """
            {"level":"warn","ts":"2026-12-02T14:23:55.366Z","caller":"clientv3/retry_interceptor.go:62","msg":"retrying of unary invoker failed","target":"endpoint://client-bbf76aab-c7d4-4053-b39c-af2bb924728c/127.0.1.3:2379","attempt":0,"error":"rpc error: code = DeadlineExceeded desc = context deadline exceeded"}
            http://127.0.1.1:2379 is healthy: successfully committed proposal: took = 5.454251ms
            http://127.0.1.3:2379 is unhealthy: failed to commit proposal: context deadline exceeded
            Error: unhealthy cluster

            """, output.Stderr);
        Assert.Contains("took = 2.5701ms", output.Stderr);
    }

    [Fact]
    public async Task EndpointHealth_should_wait_out_the_command_timeout_for_an_endpoint_nothing_listens_on()
    {
        var target = new ScriptedTarget();
        var output = await Run(target, "endpoint health --endpoints=http://127.0.1.3:2379");
        Assert.Equal(1, output.ExitCode);
        AssertPrinted(
            """
            {"level":"warn","ts":"2026-12-02T14:23:50.270Z","caller":"clientv3/retry_interceptor.go:62","msg":"retrying of unary invoker failed","target":"endpoint://client-ad8f698d-87b2-4766-97f1-ea3bcc45a55f/127.0.1.3:2379","attempt":0,"error":"rpc error: code = DeadlineExceeded desc = latest balancer error: all SubConns are in TransientFailure"}
            http://127.0.1.3:2379 is unhealthy: failed to commit proposal: context deadline exceeded
            Error: unhealthy cluster

            """, output.Stderr);
        Assert.Equal(EtcdctlInvocation.DefaultCommandTimeout, target.Now);
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
        AssertPrinted(
            """
            {"level":"warn","ts":"2026-12-02T14:24:00.424Z","caller":"clientv3/retry_interceptor.go:62","msg":"retrying of unary invoker failed","target":"passthrough:///http://127.0.1.4:2379","attempt":0,"error":"rpc error: code = DeadlineExceeded desc = latest balancer error: connection error: desc = \"transport: Error while dialing dial tcp 127.0.1.4:2379: connect: connection refused\""}
            Failed to get the status of endpoint http://127.0.1.4:2379 (context deadline exceeded)

            """, output.Stderr);
    }

    [Fact]
    public async Task MemberRemove_of_an_unknown_member_should_print_clientv3s_warning_and_the_error()
    {
        var target = new ScriptedTarget { MemberRemove = (_, _) => new RpcError(RpcErrorCode.NotFound, "etcdserver: member not found") };
        var output = await Run(target, "member remove 1234");
        Assert.Equal(1, output.ExitCode);
        AssertPrinted(
            """
            {"level":"warn","ts":"2026-12-02T14:23:40.201Z","caller":"clientv3/retry_interceptor.go:62","msg":"retrying of unary invoker failed","target":"endpoint://client-e5024435-d224-4680-984a-2a2ba209a218/127.0.1.1:2379","attempt":0,"error":"rpc error: code = NotFound desc = etcdserver: member not found"}
            Error: etcdserver: member not found

            """, output.Stderr);
    }

    [Fact]
    public async Task SnapshotSave_should_print_what_the_snapshot_manager_logs()
    {
        var target = new ScriptedTarget { SnapshotSave = (_, path) => new SnapshotSaveReply(path, 20480, 5) };
        var output = await Run(target, "snapshot save /var/lib/y.db");
        Assert.Equal(0, output.ExitCode);
        Assert.Equal("Snapshot saved at /var/lib/y.db\n", output.Stdout);
        AssertPrinted(
            """
            {"level":"info","ts":1796222051.7839494,"caller":"snapshot/v3_snapshot.go:119","msg":"created temporary db file","path":"/var/lib/y.db.part"}
            {"level":"info","ts":"2026-12-02T14:34:11.784Z","caller":"clientv3/maintenance.go:200","msg":"opened snapshot stream; downloading"}
            {"level":"info","ts":1796222051.7843153,"caller":"snapshot/v3_snapshot.go:127","msg":"fetching snapshot","endpoint":"http://127.0.1.1:2379"}
            {"level":"info","ts":"2026-12-02T14:34:11.785Z","caller":"clientv3/maintenance.go:208","msg":"completed snapshot read; closing"}
            {"level":"info","ts":1796222051.7868018,"caller":"snapshot/v3_snapshot.go:142","msg":"fetched snapshot","endpoint":"http://127.0.1.1:2379","size":"20 kB","took":0.002722958}
            {"level":"info","ts":1796222051.7869127,"caller":"snapshot/v3_snapshot.go:152","msg":"saved","path":"/var/lib/y.db"}

            """, output.Stderr);
    }

    [Fact]
    public void Client_log_lines_should_be_the_same_for_the_same_command_and_time()
    {
        Assert.Equal(
            ClientLog.RetryFailed(TimeSpan.FromSeconds(3), ClientLog.BalancerTarget(ClientLog.ClientId("x"), "http://127.0.1.1:2379"), "NotFound", "etcdserver: member not found"),
            ClientLog.RetryFailed(TimeSpan.FromSeconds(3), ClientLog.BalancerTarget(ClientLog.ClientId("x"), "http://127.0.1.1:2379"), "NotFound", "etcdserver: member not found"));
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$", ClientLog.ClientId("x"));
        Assert.NotEqual(ClientLog.ClientId("x"), ClientLog.ClientId("y"));
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
