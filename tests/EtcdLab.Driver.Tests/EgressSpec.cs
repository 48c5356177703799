using System.Diagnostics;
using System.Net;
using EtcdLab.Core.Hygiene;
using EtcdLab.Core.Targets;
using EtcdLab.Driver.Builders;
using EtcdLab.Driver.Containers;
using EtcdLab.Driver.Docker;
using EtcdLab.Driver.Network;
using EtcdLab.Driver.Reaper;
using EtcdLab.Driver.Storage;
using EtcdLab.Driver.WaitStrategies;
using Xunit.Abstractions;

namespace EtcdLab.Driver.Tests;

/// <summary>
/// The egress rules that hold every process of a run to loopback. Every destination here is inside
/// 127.0.0.0/8: the rules are told (through the inside network, or a narrowed wall) to treat the
/// listener at <see cref="Outside"/> as outside, and a listener inside shows that the same dial
/// would otherwise connect.
/// </summary>
[Trait("Category", "Docker")]
[Collection("docker")]
public sealed class EgressSpec(ITestOutputHelper output)
{
    /// <summary>127.255/16 is never a run's slot (slots are 1..254), so no run lives there.</summary>
    private const string Outside = "127.255.0.1";

    /// <summary>A uid no slot uses (slots use 100256..165279): no run's rules match it.</summary>
    private const int UidOfNoRun = 199_999;

    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task A_member_uid_should_not_connect_outside_the_inside_network_while_inside_it_does()
    {
        using var slot = LoopbackSlot.Acquire(HostDirectories.DefaultRoot);
        await using var cluster = NarrowedCluster(slot, members: 1);
        await cluster.InitializeAsync(Ct);
        using var outside = new ConnectionCounter(Outside);
        using var inside = new ConnectionCounter($"127.{slot.Number}.0.1");
        var uid = cluster["m1"].Uid;

        var clock = Stopwatch.StartNew();
        var refused = await MemberUidProbe.DialAsync(cluster, uid, outside.Url);
        output.WriteLine($"probe as {uid} to {outside.Url}: exit {refused.ExitCode} after {clock.Elapsed.TotalSeconds:0.0} s: {refused.Output}");
        var reachedOutside = outside.Count;
        var reached = await MemberUidProbe.DialAsync(cluster, uid, inside.Url);
        output.WriteLine($"probe as {uid} to {inside.Url}: {inside.Count} connection(s)");
        var control = await MemberUidProbe.DialAsync(cluster, UidOfNoRun, outside.Url);
        output.WriteLine($"probe as {UidOfNoRun} to {outside.Url}: {outside.Count - reachedOutside} connection(s)");

        Assert.Equal(0, reachedOutside);
        Assert.True(inside.Count > 0, $"the probe never reached {inside.Url}: {reached.Output}");
        Assert.True(outside.Count > 0, $"a uid of no run never reached {outside.Url}: {control.Output}");
    }

    [Fact]
    public async Task The_wall_should_refuse_a_member_uid_every_destination_outside_it()
    {
        // The stateless rule that holds real members to 127.0.0.0/8, here narrowed to the slot so that
        // a destination inside 127/8 stands for the outside; for uids no run uses.
        using var slot = LoopbackSlot.Acquire(HostDirectories.DefaultRoot);
        await using var cluster = new EtcdClusterBuilder().WithMembers(1).WithLoopbackSlot(slot).Build();
        await cluster.InitializeAsync(Ct);
        var fakeRun = $"wall-{Guid.NewGuid():N}"[..17];
        var wall = new IPNetwork(IPAddress.Parse($"127.{slot.Number}.0.0"), 16);
        using var outside = new ConnectionCounter(Outside);
        using var inside = new ConnectionCounter($"127.{slot.Number}.0.1");
        await EgressFirewall.InstallAsync(fakeRun, (UidOfNoRun, UidOfNoRun), wall, wall, RunOwner.Current, Ct);
        try
        {
            var v4 = (await Leftovers.EgressRulesAsync(fakeRun)).Where(l => l.StartsWith("iptables ", StringComparison.Ordinal)).ToArray();
            Assert.DoesNotContain("ctstate", Assert.Single(v4));

            await MemberUidProbe.DialAsync(cluster, UidOfNoRun, outside.Url);
            var reached = await MemberUidProbe.DialAsync(cluster, UidOfNoRun, inside.Url);

            Assert.Equal(0, outside.Count);
                Assert.True(inside.Count > 0, $"the probe never reached {inside.Url}: {reached.Output}");
        }
        finally
        {
            await EgressFirewall.RemoveRunAsync(fakeRun, Ct);
        }
    }

    [Fact]
    public async Task Member_add_with_a_peer_url_outside_the_inside_network_should_bring_no_raft_dial_there()
    {
        using var slot = LoopbackSlot.Acquire(HostDirectories.DefaultRoot);
        await using var cluster = NarrowedCluster(slot, members: 3);
        await cluster.StartAsync(Ct);
        using var outside = new ConnectionCounter(Outside);
        using var inside = new ConnectionCounter($"127.{slot.Number}.0.1");
        var endpoint = cluster["m1"].ClientUrl;

        // The case: a member added with a peer URL outside; every member dials it at once. The
        // leader's version check logs its refused dials, which shows etcd tried (and learnt at once).
        var added = await MemberAddAsync(cluster, endpoint, outside.Url);
        var clock = Stopwatch.StartNew();
        var refusal = await LogLineAsync(cluster, $"{Outside}:{outside.Port}", "connection refused", TimeSpan.FromSeconds(15));
        output.WriteLine($"first refused dial logged {clock.Elapsed.TotalSeconds:0.0} s after the add");
        var window = TimeSpan.FromSeconds(3);
        if (clock.Elapsed < window) await Task.Delay(window - clock.Elapsed);
        var reached = outside.Count;
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s after adding {outside.Url}: {reached} connection(s); refused dial logged: {refusal}");
        var removed = await cluster.Rpc.MemberRemoveAsync(endpoint, added.Member.Id, DockerRun.Rpc, Ct);
        Assert.True(removed.IsOk, removed.ToString());

        // The control: the same with a peer URL inside the allowed network.
        await MemberAddAsync(cluster, endpoint, inside.Url);
        var firstInside = await inside.FirstConnectionAsync(TimeSpan.FromSeconds(10));
        output.WriteLine($"first raft dial at {inside.Url} {firstInside?.TotalMilliseconds:0} ms after the add");

        Assert.Equal(0, reached);
        Assert.True(refusal is not null, "no member logged a refused dial to the added member:" + Environment.NewLine + cluster.DescribeLogs());
        Assert.NotNull(firstInside);
        Assert.True(firstInside < window, $"the control's first dial came after {firstInside}, not well within the {window} the test waits");
    }

    [Fact]
    public async Task Egress_rules_should_precede_every_start_outlast_partition_and_heal_and_leave_with_dispose()
    {
        using var slot = LoopbackSlot.Acquire(HostDirectories.DefaultRoot);
        var cluster = NarrowedCluster(slot, members: 3);
        var runId = cluster.RunId;
        await using (cluster)
        {
            await cluster.InitializeAsync(Ct);
            var installed = await Leftovers.EgressRulesAsync(runId);
            Assert.Empty(await Leftovers.ContainersAsync(runId));
            var (first, last) = slot.MemberUids;
            Assert.Contains(installed, l => l.StartsWith("iptables ", StringComparison.Ordinal) && l.Contains("! -d 127.0.0.0/8 ")
                && !l.Contains("ctstate") && l.Contains($"--uid-owner {first}-{last} ") && l.Contains("-j REJECT"));
            Assert.Contains(installed, l => l.StartsWith("iptables ", StringComparison.Ordinal) && l.Contains($"! -d 127.{slot.Number}.0.0/16 ")
                && l.Contains("ctstate") && l.Contains($"--uid-owner {first}-{last} ") && l.Contains("-j REJECT"));
            if (EgressFirewall.KernelHasIpv6)
                Assert.Contains(installed, l => l.StartsWith("ip6tables ", StringComparison.Ordinal) && l.Contains("! -d ::1/128 ") && l.Contains("-j REJECT"));

            await cluster.StartAsync(Ct);
            await cluster.PartitionAsync([["m1"], ["m2", "m3"]], Ct);
            Assert.NotEmpty(await Leftovers.FirewallRulesAsync(runId));
            Assert.Equal(installed, await Leftovers.EgressRulesAsync(runId));
            AssertOnlyStopsAbove(await Leftovers.OutputRulesAsync(), runId);

            await cluster.HealAsync(Ct);
            Assert.Empty(await Leftovers.FirewallRulesAsync(runId));
            Assert.Equal(installed, await Leftovers.EgressRulesAsync(runId));
            // Still in force, and members still answer the driver, whose connections leave from 127.0.0.1.
            var hosts = cluster.InitialMembers.Select(m => m.Host).ToArray();
            await cluster.WaitUntilAsync([new UntilLeaderElected(hosts), new UntilMemberHealthy(hosts)], TimeSpan.FromSeconds(30), Ct);
            using var outside = new ConnectionCounter(Outside);
            await MemberUidProbe.DialAsync(cluster, cluster["m1"].Uid, outside.Url);
            Assert.Equal(0, outside.Count);
        }
        Assert.Empty(await Leftovers.EgressRulesAsync(runId));
    }

    [Fact]
    public async Task Reaper_should_remove_egress_rules_of_a_dead_owner_and_spare_those_of_a_live_one()
    {
        // A dead run: its owner was a process that has ended; it left no directory, only its rules.
        using var owner = Process.Start("sleep", "30");
        var deadOwner = new RunOwner(owner.Id, RunOwner.StartTicksOf(owner.Id)!.Value);
        owner.Kill();
        await owner.WaitForExitAsync();
        var deadRun = $"dead-{Guid.NewGuid():N}"[..17];
        var liveRun = $"live-{Guid.NewGuid():N}"[..17];
        var network = EgressFirewall.Loopback;
        await EgressFirewall.InstallAsync(deadRun, (UidOfNoRun, UidOfNoRun), network, network, deadOwner, Ct);
        // A live run that has no directory under this data root either: its rules name their owner.
        await EgressFirewall.InstallAsync(liveRun, (UidOfNoRun, UidOfNoRun), network, network, RunOwner.Current, Ct);
        try
        {
            Assert.NotEmpty(await Leftovers.EgressRulesAsync(deadRun));
            using var engine = await DockerEngine.ConnectAsync();

            var report = await ResourceReaper.ReapAsync(engine, HostDirectories.DefaultRoot, Ct);

            Assert.Contains(deadRun, report.DeadRuns);
            Assert.Empty(await Leftovers.EgressRulesAsync(deadRun));
            Assert.DoesNotContain(liveRun, report.DeadRuns);
            Assert.Equal(EgressFirewall.KernelHasIpv6 ? 2 : 1, (await Leftovers.EgressRulesAsync(liveRun)).Length);
        }
        finally
        {
            await EgressFirewall.RemoveRunAsync(deadRun, Ct);
            await EgressFirewall.RemoveRunAsync(liveRun, Ct);
        }
    }

    [Fact]
    public async Task Docker_target_should_hand_its_inside_network_to_the_egress_rules()
    {
        await using var run = await DockerRun.CreateAsync(hosts: 1, new DockerTargetOptions { InsideNetwork = "127.0.0.0/9" });

        var rules = await Leftovers.EgressRulesAsync(run.Spec.RunId);

        Assert.Contains(rules, l => l.StartsWith("iptables ", StringComparison.Ordinal) && l.Contains("! -d 127.0.0.0/9 ") && l.Contains("ctstate"));
        Assert.Contains(rules, l => l.StartsWith("iptables ", StringComparison.Ordinal) && l.Contains("! -d 127.0.0.0/8 "));
    }

    private static EtcdCluster NarrowedCluster(LoopbackSlot slot, int members) =>
        new EtcdClusterBuilder().WithMembers(members).WithLoopbackSlot(slot).WithInsideNetwork($"127.{slot.Number}.0.0/16").Build();

    /// <summary>Adds a member with <paramref name="peerUrl"/>, retrying while strict reconfiguration
    /// calls the cluster unhealthy (etcd allows adds only after 5 s of full connectivity).</summary>
    private static async Task<MemberAddReply> MemberAddAsync(EtcdCluster cluster, string endpoint, string peerUrl)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var added = await cluster.Rpc.MemberAddAsync(endpoint, [peerUrl], false, DockerRun.Rpc, Ct);
            if (added.IsOk) return added.Value!;
            Assert.True(added.Error!.Message == "etcdserver: unhealthy cluster" && clock.Elapsed < TimeSpan.FromSeconds(20), added.ToString());
            await Task.Delay(100);
        }
    }

    /// <summary>The first log line of any member that holds both texts, polled for at most <paramref name="bound"/>; null when none came.</summary>
    private static async Task<string?> LogLineAsync(EtcdCluster cluster, string text, string otherText, TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < bound)
        {
            var line = cluster.Containers.SelectMany(c => c.RecentLog)
                .FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal) && l.Contains(otherText, StringComparison.Ordinal));
            if (line is not null) return line;
            await Task.Delay(50);
        }
        return null;
    }

    /// <summary>Every rule above the run's first egress rule in filter OUTPUT only stops packets, so
    /// none can let a member's packet past the egress rules.</summary>
    private static void AssertOnlyStopsAbove(string[] outputChain, string runId)
    {
        var at = Array.FindIndex(outputChain, l => l.Contains($"etcdlab-egress:{runId}:"));
        Assert.True(at >= 0, string.Join(Environment.NewLine, outputChain));
        Assert.All(outputChain[..at], l => Assert.Matches(" -j (DROP|REJECT)( |$)", l));
        Assert.True(at > 0, "the partition's rules should have gone above the egress rules");
    }
}
