using EtcdLab.Core.Events;
using EtcdLab.Core.Targets;

namespace EtcdLab.Sim.Tests;

/// <summary>
/// A simulated etcd refuses the flag values etcd 3.4 refuses, with etcd's own line and exit code.
/// Every expected line below is what the etcd 3.4.23 binary printed on this machine (2026-12-02)
/// for a one-member configuration (name m1, data dir, peer and client URLs on one loopback address,
/// initial-cluster m1=..., token, state new, etcd's default timing) with the one flag changed:
/// <list type="bullet">
/// <item>Go's flag package (etcdmain/config.go <c>parse</c>): the bare error line, then the usage text; exit 2.</item>
/// <item>embed.Config.Validate: <c>E | etcdmain: error verifying flags, ... See 'etcd --help'.</c>; exit 1.</item>
/// <item>embed.StartEtcd and the bootstrap checks: <c>C | etcdmain: ...</c>; exit 1.</item>
/// </list>
/// Each exited 12-25 ms after launch on an idle machine (up to 140 ms while other runs loaded it).
/// The Docker target records the same lines (FlagExitSpec in EtcdLab.Driver.Tests).
/// </summary>
public sealed class EtcdConfigSpec
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    public static TheoryData<string, string, int, string> RefusedValues() => new()
    {
        // Go's flag package: strconv.ParseUint(s, 0, 64) for uint and uint64 flags.
        { "snapshot-count", "-5", 2, "invalid value \"-5\" for flag -snapshot-count: parse error" },
        { "snapshot-count", "abc", 2, "invalid value \"abc\" for flag -snapshot-count: parse error" },
        { "snapshot-count", ".nan", 2, "invalid value \".nan\" for flag -snapshot-count: parse error" },
        { "snapshot-count", "NaN", 2, "invalid value \"NaN\" for flag -snapshot-count: parse error" },
        { "snapshot-count", "1.5", 2, "invalid value \"1.5\" for flag -snapshot-count: parse error" },
        { "snapshot-count", "1e3", 2, "invalid value \"1e3\" for flag -snapshot-count: parse error" },
        { "snapshot-count", "", 2, "invalid value \"\" for flag -snapshot-count: parse error" },
        { "snapshot-count", "+5", 2, "invalid value \"+5\" for flag -snapshot-count: parse error" },
        { "snapshot-count", " 5", 2, "invalid value \" 5\" for flag -snapshot-count: parse error" },
        { "snapshot-count", "_1000", 2, "invalid value \"_1000\" for flag -snapshot-count: parse error" },
        { "snapshot-count", "1__0", 2, "invalid value \"1__0\" for flag -snapshot-count: parse error" },
        { "snapshot-count", "0b102", 2, "invalid value \"0b102\" for flag -snapshot-count: parse error" },
        { "snapshot-count", "0x", 2, "invalid value \"0x\" for flag -snapshot-count: parse error" },
        { "snapshot-count", "18446744073709551616", 2, "invalid value \"18446744073709551616\" for flag -snapshot-count: value out of range" },
        { "snapshot-count", "99999999999999999999999", 2, "invalid value \"99999999999999999999999\" for flag -snapshot-count: value out of range" },
        { "snapshot-count", "0x10000000000000000", 2, "invalid value \"0x10000000000000000\" for flag -snapshot-count: value out of range" },
        { "heartbeat-interval", "abc", 2, "invalid value \"abc\" for flag -heartbeat-interval: parse error" },
        { "heartbeat-interval", "-1", 2, "invalid value \"-1\" for flag -heartbeat-interval: parse error" },
        { "heartbeat-interval", "", 2, "invalid value \"\" for flag -heartbeat-interval: parse error" },
        { "heartbeat-interval", "1e2", 2, "invalid value \"1e2\" for flag -heartbeat-interval: parse error" },
        { "heartbeat-interval", "18446744073709551616", 2, "invalid value \"18446744073709551616\" for flag -heartbeat-interval: value out of range" },
        { "election-timeout", "abc", 2, "invalid value \"abc\" for flag -election-timeout: parse error" },
        { "election-timeout", "-1", 2, "invalid value \"-1\" for flag -election-timeout: parse error" },
        { "election-timeout", "1000 ", 2, "invalid value \"1000 \" for flag -election-timeout: parse error" },
        { "election-timeout", "18446744073709551616", 2, "invalid value \"18446744073709551616\" for flag -election-timeout: value out of range" },
        // strconv.ParseBool for bool flags, worded differently.
        { "strict-reconfig-check", "maybe", 2, "invalid boolean value \"maybe\" for -strict-reconfig-check: parse error" },
        { "strict-reconfig-check", "yes", 2, "invalid boolean value \"yes\" for -strict-reconfig-check: parse error" },
        { "strict-reconfig-check", "2", 2, "invalid boolean value \"2\" for -strict-reconfig-check: parse error" },
        { "strict-reconfig-check", "", 2, "invalid boolean value \"\" for -strict-reconfig-check: parse error" },
        { "force-new-cluster", "maybe", 2, "invalid boolean value \"maybe\" for -force-new-cluster: parse error" },
        { "force-new-cluster", "on", 2, "invalid boolean value \"on\" for -force-new-cluster: parse error" },
        // Printed by etcd 3.4.23 for --enable-v2=maybe.
        { "enable-v2", "maybe", 2, "invalid boolean value \"maybe\" for -enable-v2: parse error" },
        // flags.SelectiveStringValue.
        { "initial-cluster-state", "bad", 2, "invalid value \"bad\" for flag -initial-cluster-state: invalid value" },
        { "initial-cluster-state", "", 2, "invalid value \"\" for flag -initial-cluster-state: invalid value" },
        { "initial-cluster-state", "New", 2, "invalid value \"New\" for flag -initial-cluster-state: invalid value" },
        // flags.UniqueURLs: types.NewURLs over Go's url.Parse.
        { "listen-peer-urls", "127.0.5.1:2380", 2, "invalid value \"127.0.5.1:2380\" for flag -listen-peer-urls: parse \"127.0.5.1:2380\": first path segment in URL cannot contain colon" },
        { "listen-peer-urls", "http://127.0.5.1", 2, "invalid value \"http://127.0.5.1\" for flag -listen-peer-urls: URL address does not have the form \"host:port\": http://127.0.5.1" },
        { "listen-peer-urls", "http://127.0.5.1:abc", 2, "invalid value \"http://127.0.5.1:abc\" for flag -listen-peer-urls: parse \"http://127.0.5.1:abc\": invalid port \":abc\" after host" },
        { "listen-peer-urls", "localhost:2380", 2, "invalid value \"localhost:2380\" for flag -listen-peer-urls: URL scheme must be http, https, unix, or unixs: localhost:2380" },
        { "listen-peer-urls", "ftp://127.0.5.1:2380", 2, "invalid value \"ftp://127.0.5.1:2380\" for flag -listen-peer-urls: URL scheme must be http, https, unix, or unixs: ftp://127.0.5.1:2380" },
        { "listen-peer-urls", "http://127.0.5.1:2380/x", 2, "invalid value \"http://127.0.5.1:2380/x\" for flag -listen-peer-urls: URL must not contain a path: http://127.0.5.1:2380/x" },
        { "listen-peer-urls", ":2380", 2, "invalid value \":2380\" for flag -listen-peer-urls: parse \":2380\": missing protocol scheme" },
        { "listen-peer-urls", "http://127.0.5.1:2380#%zz", 2, "invalid value \"http://127.0.5.1:2380#%zz\" for flag -listen-peer-urls: parse \"http://127.0.5.1:2380#%zz\": invalid URL escape \"%zz\"" },
        { "listen-peer-urls", "http://a^b@127.0.5.1:2380", 2, "invalid value \"http://a^b@127.0.5.1:2380\" for flag -listen-peer-urls: parse \"http://a^b@127.0.5.1:2380\": net/url: invalid userinfo" },
        { "listen-peer-urls", "http://127.0.5.1:2380,127.0.5.1:2381", 2, "invalid value \"http://127.0.5.1:2380,127.0.5.1:2381\" for flag -listen-peer-urls: parse \"127.0.5.1:2381\": first path segment in URL cannot contain colon" },
        { "listen-peer-urls", "http://127.0.5.1:2380,", 2, "invalid value \"http://127.0.5.1:2380,\" for flag -listen-peer-urls: URL scheme must be http, https, unix, or unixs: " },
        { "listen-peer-urls", "http://localhost", 2, "invalid value \"http://localhost\" for flag -listen-peer-urls: URL address does not have the form \"host:port\": http://localhost" },
        { "listen-client-urls", "http://127.0.5.1", 2, "invalid value \"http://127.0.5.1\" for flag -listen-client-urls: URL address does not have the form \"host:port\": http://127.0.5.1" },
        { "initial-advertise-peer-urls", "127.0.5.1:2380", 2, "invalid value \"127.0.5.1:2380\" for flag -initial-advertise-peer-urls: parse \"127.0.5.1:2380\": first path segment in URL cannot contain colon" },
        { "advertise-client-urls", "http://127.0.5.1", 2, "invalid value \"http://127.0.5.1\" for flag -advertise-client-urls: URL address does not have the form \"host:port\": http://127.0.5.1" },

        // embed.Config.Validate.
        { "heartbeat-interval", "0", 1, "etcdmain: error verifying flags, --heartbeat-interval must be >0 (set to 0ms). See 'etcd --help'." },
        { "heartbeat-interval", "500", 1, "etcdmain: error verifying flags, --election-timeout[1000ms] should be at least as 5 times as --heartbeat-interval[500ms]. See 'etcd --help'." },
        { "heartbeat-interval", "4294967296", 1, "etcdmain: error verifying flags, --election-timeout[1000ms] should be at least as 5 times as --heartbeat-interval[4294967296ms]. See 'etcd --help'." },
        { "heartbeat-interval", "9223372036854775808", 1, "etcdmain: error verifying flags, --election-timeout[1000ms] should be at least as 5 times as --heartbeat-interval[9223372036854775808ms]. See 'etcd --help'." },
        { "election-timeout", "0", 1, "etcdmain: error verifying flags, --election-timeout must be >0 (set to 0ms). See 'etcd --help'." },
        { "election-timeout", "400", 1, "etcdmain: error verifying flags, --election-timeout[400ms] should be at least as 5 times as --heartbeat-interval[100ms]. See 'etcd --help'." },
        { "election-timeout", "50001", 1, "etcdmain: error verifying flags, --election-timeout[50001ms] is too long, and should be set less than 50000ms. See 'etcd --help'." },
        { "election-timeout", "60000", 1, "etcdmain: error verifying flags, --election-timeout[60000ms] is too long, and should be set less than 50000ms. See 'etcd --help'." },
        { "listen-peer-urls", "http://foo:2380", 1, "etcdmain: error verifying flags, expected IP in URL for binding (http://foo:2380). See 'etcd --help'." },
        { "listen-client-urls", "http://foo:2379", 1, "etcdmain: error verifying flags, expected IP in URL for binding (http://foo:2379). See 'etcd --help'." },
        { "initial-advertise-peer-urls", "http://:2380", 1, "etcdmain: error verifying flags, --initial-advertise-peer-urls \"http://:2380\" must be \"host:port\" (unexpected empty host (http://:2380)). See 'etcd --help'." },
        { "advertise-client-urls", "http://:2379", 1, "etcdmain: error verifying flags, --advertise-client-urls \"http://:2379\" must be \"host:port\" (unexpected empty host (http://:2379)). See 'etcd --help'." },

        // embed.StartEtcd (types.NewURLsMap of --initial-cluster, no WAL yet) and the bootstrap checks.
        { "initial-cluster", "m4", 1, "etcdmain: error setting up initial cluster: URL scheme must be http, https, unix, or unixs: " },
        { "initial-cluster", "m1=", 1, "etcdmain: error setting up initial cluster: URL scheme must be http, https, unix, or unixs: " },
        { "initial-cluster", "m1=http://127.0.1.1:2380,m4", 1, "etcdmain: error setting up initial cluster: URL scheme must be http, https, unix, or unixs: " },
        { "initial-cluster", "m4,m1=http://127.0.1.1:2380", 1, "etcdmain: error setting up initial cluster: URL scheme must be http, https, unix, or unixs: " },
        { "initial-cluster", "m1=127.0.5.1:2380", 1, "etcdmain: error setting up initial cluster: parse \"127.0.5.1:2380\": first path segment in URL cannot contain colon" },
        { "initial-cluster", "m1=http://127.0.5.1:abc", 1, "etcdmain: error setting up initial cluster: parse \"http://127.0.5.1:abc\": invalid port \":abc\" after host" },
        { "initial-cluster", "m1=http://127.0.5.1", 1, "etcdmain: error setting up initial cluster: URL address does not have the form \"host:port\": http://127.0.5.1" },
        { "initial-cluster", "m1=http://127.0.5.1:2380/x", 1, "etcdmain: error setting up initial cluster: URL must not contain a path: http://127.0.5.1:2380/x" },
        { "initial-cluster", "m1=ftp://127.0.5.1:2380", 1, "etcdmain: error setting up initial cluster: URL scheme must be http, https, unix, or unixs: ftp://127.0.5.1:2380" },
        { "initial-cluster", "m1=http://127.0.5.1:2380%zz", 1, "etcdmain: error setting up initial cluster: parse \"http://127.0.5.1:2380%zz\": invalid port \":2380%zz\" after host" },
        { "initial-cluster", "m1=http://[::1", 1, "etcdmain: error setting up initial cluster: parse \"http://[::1\": missing ']' in host" },
        { "initial-cluster", "m1=http://a b:2380", 1, "etcdmain: error setting up initial cluster: parse \"http://a b:2380\": invalid character \" \" in host name" },
        { "initial-cluster", "m1=http://%41:2380", 1, "etcdmain: error setting up initial cluster: parse \"http://%41:2380\": invalid URL escape \"%41\"" },
        { "initial-cluster", "=http://127.0.1.1:2380", 1, "etcdmain: couldn't find local name \"m1\" in the initial cluster configuration" },
        { "initial-cluster", "", 1, "etcdmain: couldn't find local name \"m1\" in the initial cluster configuration" },
        { "name", "", 1, "etcdmain: couldn't find local name \"\" in the initial cluster configuration" },
    };

    /// <summary>Values Go's parsers take (base prefixes, underscores, every spelling of a bool) and
    /// values etcd's URL flags take; the etcd 3.4.23 binary started with each.</summary>
    public static TheoryData<string, string> AcceptedValues() => new()
    {
        { "snapshot-count", "0" },
        { "snapshot-count", "18446744073709551615" },
        { "snapshot-count", "0x10" },
        { "snapshot-count", "010" },
        { "snapshot-count", "1_000" },
        { "strict-reconfig-check", "TRUE" },
        { "strict-reconfig-check", "True" },
        { "strict-reconfig-check", "T" },
        { "strict-reconfig-check", "0" },
        { "force-new-cluster", "F" },
        { "election-timeout", "50000" },
        { "initial-cluster-token", "" },
        { "advertise-client-urls", "" },
        { "listen-peer-urls", "HTTP://127.0.1.1:2380" },
        { "listen-peer-urls", "http://127.0.1.1:2380?x" },
    };

    /// <summary>The one-member configuration the expected lines were printed for.</summary>
    private static EtcdFlags BaseFlags() =>
        SimCluster.Flags(1, SimCluster.InitialCluster([1])).Without("heartbeat-interval").Without("election-timeout");

    private static async Task<ProcessExited> StartExpectingExitAsync(SimCluster c, EtcdFlags flags)
    {
        await c.Target.StartAsync("m1", flags, Ct);
        await c.Target.DelayAsync(TimeSpan.FromMilliseconds(100), Ct);
        var o = await c.ObserveAsync();
        Assert.Equal(ProcessState.Exited, o["m1"].Process);
        var exited = Assert.Single(c.Events<ProcessExited>());
        Assert.Equal(exited.Error, o["m1"].ExitError);
        return exited;
    }

    [Theory]
    [MemberData(nameof(RefusedValues))]
    public async Task A_refused_flag_value_should_end_the_process_with_etcds_line_and_code(string flag, string value, int code, string line)
    {
        await using var c = await SimCluster.CreateAsync(1);
        var exited = await StartExpectingExitAsync(c, BaseFlags().With(flag, value));
        Assert.Equal(line, exited.Error);
        Assert.Equal(code, exited.ExitCode);
    }

    [Theory]
    [MemberData(nameof(AcceptedValues))]
    public async Task A_value_etcd_accepts_should_start_the_member(string flag, string value)
    {
        await using var c = await SimCluster.CreateAsync(1);
        await c.Target.StartAsync("m1", BaseFlags().With(flag, value), Ct);
        await c.Target.DelayAsync(TimeSpan.FromSeconds(1), Ct);
        Assert.Equal(ProcessState.Running, (await c.ObserveAsync())["m1"].Process);
        Assert.Empty(c.Events<ProcessExited>());
    }

    [Fact]
    public async Task A_client_listener_without_advertised_client_urls_should_be_refused()
    {
        await using var c = await SimCluster.CreateAsync(1);
        var exited = await StartExpectingExitAsync(c, BaseFlags().Without("advertise-client-urls"));
        Assert.Equal(1, exited.ExitCode);
        Assert.Equal("etcdmain: error verifying flags, --advertise-client-urls is required when --listen-client-urls is set explicitly. See 'etcd --help'.", exited.Error);
    }

    [Fact]
    public async Task The_first_refused_flag_in_command_line_order_should_be_reported()
    {
        await using var c = await SimCluster.CreateAsync(1);
        var exited = await StartExpectingExitAsync(c, BaseFlags().With("snapshot-count", "x").With("strict-reconfig-check", "maybe"));
        Assert.Equal("invalid value \"x\" for flag -snapshot-count: parse error", exited.Error);
    }

    [Fact]
    public async Task A_bad_initial_cluster_should_be_ignored_when_the_data_dir_has_a_wal()
    {
        // embed.StartEtcd reads --initial-cluster only for a member that was never initialized.
        await using var c = await SimCluster.CreateAsync(3);
        await c.BootstrapAsync(3);
        await c.Target.StopAsync("m3", Ct);
        await c.Target.StartAsync("m3", SimCluster.Flags(3, "m4"), Ct);
        Assert.True(await c.WaitUntilAsync(o => o["m3"].HasLeader, TimeSpan.FromSeconds(5)), "m3 did not restart from its data dir");
        Assert.Empty(c.Events<ProcessExited>());
    }

    [Fact]
    public async Task A_refused_flag_should_end_the_process_before_it_would_listen()
    {
        var options = new Simulation.SimulationOptions();
        await using var c = await SimCluster.CreateAsync(1, options: options);
        await c.Target.StartAsync("m1", BaseFlags().With("snapshot-count", "-5"), Ct);
        var launched = c.Target.Now;
        await c.Target.DelayAsync(TimeSpan.FromMilliseconds(100), Ct);

        var exited = Assert.Single(c.Events<ProcessExited>());
        Assert.Equal(launched + TimeSpan.FromTicks(options.RefusedFlagsExitMicros * 10), exited.At);
        Assert.True(options.RefusedFlagsExitMicros < options.ProcessBootMicros);
    }
}
