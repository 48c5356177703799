using System.Diagnostics;
using EtcdLab.Core.Hygiene;
using EtcdLab.Driver.Docker;
using EtcdLab.Driver.Network;
using EtcdLab.Driver.Reaper;
using EtcdLab.Driver.Storage;

namespace EtcdLab.Driver.Tests;

/// <summary>
/// Degraded links on the docker target: the iptables rules and the delay queue they install, how a
/// second degradation replaces the first, that restore and dispose leave nothing behind, that a
/// partition still cuts a degraded member, and that the reaper removes what a dead run left.
/// </summary>
[Trait("Category", "Docker")]
[Collection("docker")]
public sealed class LinkDegradationSpec
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>The run's link rules in mangle POSTROUTING, as <c>iptables -S</c> prints them.</summary>
    private static async Task<string[]> LinkRulesAsync(string runId)
    {
        using var p = Process.Start(new ProcessStartInfo("iptables", "-w -t mangle -S POSTROUTING") { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        return output.Split('\n').Where(l => l.Contains($"etcdlab-links:{runId}:")).ToArray();
    }

    [Fact]
    public async Task Degrade_should_install_the_hosts_rules_replace_them_on_a_second_call_and_restore_should_remove_them_all()
    {
        await using var run = await DockerRun.CreateAsync(hosts: 3);
        await run.BootstrapAsync("m1", "m2", "m3");
        var uid = run.Cluster["m2"].Uid.ToString(System.Globalization.CultureInfo.InvariantCulture);

        await run.Target.DegradeLinksAsync("m2", TimeSpan.FromMilliseconds(20), 0.25, Ct);
        var rules = await LinkRulesAsync(run.Spec.RunId);
        // One conntrack mark for its dials, three drops and three marks (what it sends, answers to its dials,
        // what is sent to its peer port), and the run's queue rule at the bottom of the chain.
        Assert.Equal(8, rules.Length);
        Assert.Equal(3, rules.Count(r => r.Contains("--probability 0.25") && r.EndsWith("-j DROP")));
        Assert.Contains(rules, r => r.Contains($"--uid-owner {uid} ") && r.Contains("CONNMARK --set-xmark"));
        Assert.Contains("NFQUEUE", rules[^1]);
        Assert.Contains("--queue-bypass", rules[^1]);
        Assert.NotNull(run.Cluster.Links().Queue);

        await run.Target.DegradeLinksAsync("m2", TimeSpan.FromMilliseconds(20), 0.5, Ct);
        rules = await LinkRulesAsync(run.Spec.RunId);
        Assert.Equal(8, rules.Length);
        Assert.Equal(3, rules.Count(r => r.Contains("--probability 0.5")));
        Assert.DoesNotContain(rules, r => r.Contains("--probability 0.25"));

        await run.Target.DegradeLinksAsync("m3", TimeSpan.Zero, 0.05, Ct); // loss only: no marks for the queue
        Assert.Equal(8 + 4, (await LinkRulesAsync(run.Spec.RunId)).Length);

        await run.Target.RestoreLinksAsync("m2", Ct);
        await run.Target.RestoreLinksAsync("m3", Ct);
        Assert.Empty(await LinkRulesAsync(run.Spec.RunId));
        Assert.Null(run.Cluster.Links().Queue);
        Assert.Empty(run.Cluster.DegradedLinks);
        await run.WaitHealthyAsync("m1", "m2", "m3");
    }

    [Fact]
    public async Task Dispose_should_remove_the_rules_of_links_still_degraded()
    {
        string runId;
        await using (var run = await DockerRun.CreateAsync(hosts: 2))
        {
            runId = run.Spec.RunId;
            await run.BootstrapAsync("m1", "m2");
            await run.Target.DegradeLinksAsync("m1", TimeSpan.FromMilliseconds(30), 0.2, Ct);
            Assert.NotEmpty(await LinkRulesAsync(runId));
        }
        Assert.Empty(await LinkRulesAsync(runId));
        Assert.Empty(await Leftovers.FirewallRulesAsync(runId));
    }

    [Fact]
    public async Task Partition_should_still_cut_a_member_whose_links_are_degraded()
    {
        await using var run = await DockerRun.CreateAsync(hosts: 3);
        await run.BootstrapAsync("m1", "m2", "m3");
        await run.Target.DegradeLinksAsync("m1", TimeSpan.FromMilliseconds(20), 0, Ct);
        await run.Target.DegradeLinksAsync("m2", TimeSpan.FromMilliseconds(10), 0, Ct);

        await run.Target.PartitionAsync([["m1"], ["m2", "m3"]], Ct);

        await run.EventuallyAsync(async () => (await run.StatusAsync("m1")).Leader == 0, "the isolated member loses its leader");
        await run.WaitHealthyAsync("m2", "m3");
        await run.Target.HealAsync(Ct);
        Assert.NotEmpty(await LinkRulesAsync(run.Spec.RunId)); // healing lifts partitions only
        await run.WaitHealthyAsync("m1", "m2", "m3");
        await run.Target.RestoreLinksAsync("m1", Ct);
        await run.Target.RestoreLinksAsync("m2", Ct);
        Assert.Empty(await LinkRulesAsync(run.Spec.RunId));
    }

    [Fact]
    public async Task A_degraded_host_should_stay_degraded_at_its_new_address()
    {
        await using var run = await DockerRun.CreateAsync(hosts: 2);
        await run.BootstrapAsync("m1");
        await run.Target.DegradeLinksAsync("m2", TimeSpan.FromMilliseconds(10), 0.1, Ct);
        var oldIp = run.Cluster["m2"].Ip;
        var newIp = run.Target.Addresses.Map("127.0.2.2");

        await run.Target.ChangeIpAsync("m2", newIp, null, Ct);

        var rules = await LinkRulesAsync(run.Spec.RunId);
        Assert.Contains(rules, r => r.Contains($"-d {newIp}/32"));
        Assert.DoesNotContain(rules, r => r.Contains($"-d {oldIp}/32"));
    }

    [Fact]
    public async Task Reaper_should_remove_the_link_rules_of_a_dead_owner_and_spare_those_of_a_live_one()
    {
        using var owner = Process.Start("sleep", "30");
        var deadOwner = new RunOwner(owner.Id, RunOwner.StartTicksOf(owner.Id)!.Value);
        owner.Kill();
        await owner.WaitForExitAsync();
        var deadRun = $"dead-{Guid.NewGuid():N}"[..17];
        var liveRun = $"live-{Guid.NewGuid():N}"[..17];
        // A slot held by this test: its uids and queue belong to no member of any run.
        using var slot = LoopbackSlot.Acquire(HostDirectories.DefaultRoot);
        var dead = LinkFirewall.HostRules(deadRun, deadOwner, slot, 0, slot.Rebase("127.0.1.1"), delayed: true, 0.2);
        var live = LinkFirewall.HostRules(liveRun, RunOwner.Current, slot, 1, slot.Rebase("127.0.1.2"), delayed: false, 0.2);
        await LinkFirewall.ApplyAsync([], [.. dead, .. live], [LinkFirewall.QueueRule(deadRun, deadOwner, slot)], Ct);
        try
        {
            Assert.Equal(dead.Count + 1, (await LinkRulesAsync(deadRun)).Length);
            using var engine = await DockerEngine.ConnectAsync();

            var report = await ResourceReaper.ReapAsync(engine, HostDirectories.DefaultRoot, Ct);

            Assert.Contains(deadRun, report.DeadRuns);
            Assert.Empty(await LinkRulesAsync(deadRun));
            Assert.DoesNotContain(liveRun, report.DeadRuns);
            Assert.Equal(live.Count, (await LinkRulesAsync(liveRun)).Length);
        }
        finally
        {
            await LinkFirewall.RemoveRunAsync(deadRun, Ct);
            await LinkFirewall.RemoveRunAsync(liveRun, Ct);
        }
    }
}
