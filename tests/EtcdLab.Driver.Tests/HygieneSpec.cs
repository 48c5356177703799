using EtcdLab.Core.Hygiene;
using System.Globalization;
using Docker.DotNet.Models;
using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Targets;
using EtcdLab.Driver.Docker;
using EtcdLab.Driver.Network;
using EtcdLab.Driver.Reaper;
using EtcdLab.Driver.Storage;

namespace EtcdLab.Driver.Tests;

[Trait("Category", "Docker")]
public sealed class HygieneSpec
{
    [Fact]
    public async Task Dispose_should_leave_no_container_directory_or_firewall_rule()
    {
        var run = await DockerRun.CreateAsync(hosts: 3);
        await run.BootstrapAsync("m1", "m2", "m3");
        await run.Target.PartitionAsync([["m1"], ["m2", "m3"]], run.Ct);
        var saved = await run.Target.SnapshotSaveAsync(run.Endpoint("m2"), "m2", "/var/lib/backup/snap.db", DockerRun.Rpc, run.Ct);
        Assert.True(saved.IsOk, saved.ToString());
        var runId = run.Spec.RunId;
        var runDir = run.Cluster.Directories.RunDirectory;
        Assert.NotEmpty(await Leftovers.ContainersAsync(runId));
        Assert.NotEmpty(await Leftovers.FirewallRulesAsync(runId));

        await run.DisposeAsync();
        await run.DisposeAsync();

        Assert.Empty(await Leftovers.ContainersAsync(runId));
        Assert.Empty(await Leftovers.FirewallRulesAsync(runId));
        Assert.False(Directory.Exists(runDir));
    }

    [Fact]
    public async Task Reaper_should_remove_what_a_dead_run_left_and_spare_a_live_run()
    {
        await using var live = await DockerRun.CreateAsync(hosts: 1);
        await live.BootstrapAsync("m1");

        // A dead run: its owner was a process that has ended.
        var deadRun = $"dead-{Guid.NewGuid():N}"[..17];
        using var owner = System.Diagnostics.Process.Start("sleep", "30");
        var deadOwner = new RunOwner(owner.Id, RunOwner.StartTicksOf(owner.Id)!.Value);
        owner.Kill();
        await owner.WaitForExitAsync();
        Assert.False(deadOwner.IsAlive);
        Assert.False((RunOwner.Current with { StartTicks = RunOwner.Current.StartTicks + 1 }).IsAlive); // pid reused by another process
        using var engine = await DockerEngine.ConnectAsync();
        await engine.Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = live.Target.Image,
            Name = $"etcdlab-{deadRun}-m1-1",
            Cmd = ["--version"],
            Labels = new Dictionary<string, string>
            {
                ["etcdlab.run"] = deadRun,
                ["etcdlab.owner.pid"] = deadOwner.Pid.ToString(CultureInfo.InvariantCulture),
                ["etcdlab.owner.start"] = deadOwner.StartTicks.ToString(CultureInfo.InvariantCulture),
            },
            HostConfig = new HostConfig { NetworkMode = "none" },
        });
        var dirs = new HostDirectories(HostDirectories.DefaultRoot, deadRun);
        Directory.CreateDirectory(dirs.VarLib("m1"));
        await File.WriteAllTextAsync(dirs.OwnerFile, deadOwner.ToFileText());
        await PartitionFirewall.CutAsync(deadRun, 0x7E00FF01, [(123456, "127.255.1.1")], CancellationToken.None);
        Assert.NotEmpty(await Leftovers.FirewallRulesAsync(deadRun));

        var report = await ResourceReaper.ReapAsync(engine, HostDirectories.DefaultRoot, CancellationToken.None);

        Assert.Contains(deadRun, report.DeadRuns);
        Assert.Empty(await Leftovers.ContainersAsync(deadRun));
        Assert.False(Directory.Exists(dirs.RunDirectory));
        Assert.Empty(await Leftovers.FirewallRulesAsync(deadRun));
        Assert.DoesNotContain(live.Spec.RunId, report.DeadRuns);
        Assert.NotEmpty(await Leftovers.ContainersAsync(live.Spec.RunId));
        Assert.True(Directory.Exists(live.Cluster.Directories.RunDirectory));
        await live.WaitHealthyAsync("m1");
    }

    [Fact]
    public async Task Two_targets_at_once_should_get_different_slots_and_uids()
    {
        await using var first = await DockerRun.CreateAsync(hosts: 2);
        await using var second = await DockerRun.CreateAsync(hosts: 2);

        Assert.NotEqual(first.Target.Slot.Number, second.Target.Slot.Number);
        var uids = first.Cluster.Containers.Concat(second.Cluster.Containers).Select(c => c.Uid).ToArray();
        Assert.Equal(uids.Length, uids.Distinct().Count());
        Assert.Empty(first.Cluster.Containers.Select(c => c.Ip).Intersect(second.Cluster.Containers.Select(c => c.Ip)));

        // Both run members on the "same" scenario addresses without meeting.
        await Task.WhenAll(first.BootstrapAsync("m1", "m2"), second.BootstrapAsync("m1", "m2"));
        Assert.NotEqual((await first.StatusAsync("m1")).Header.ClusterId, (await second.StatusAsync("m1")).Header.ClusterId);
        Assert.Equal(2, (await first.Target.MemberListAsync(first.Endpoint("m1"), DockerRun.Rpc, first.Ct)).Value!.Members.Count);

        await using var third = await DockerClusterTarget.CreateAsync(new DockerTargetOptions { LoopbackSlot = first.Target.Slot.Number });
        var taken = await Assert.ThrowsAsync<EnvironmentException>(() =>
            third.InitializeAsync(new ClusterSpec("test-taken", [new HostSpec("m1", "127.0.1.1")], 1), new Core.Recording.RunRecorder(), CancellationToken.None));
        Assert.Contains("held by another EtcdLab run", taken.Message);
    }

    [Fact]
    public async Task The_image_should_build_from_this_machines_etcd()
    {
        var tag = $"etcdlab/etcd-buildtest:{Guid.NewGuid():N}"[..36];
        using var engine = await DockerEngine.ConnectAsync();
        await Images.EtcdImage.BuildAsync(engine, tag, CancellationToken.None);
        try
        {
            using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("docker", $"run --rm {tag} --version") { RedirectStandardOutput = true })!;
            var version = await p.StandardOutput.ReadToEndAsync();
            await p.WaitForExitAsync();
            Assert.Contains($"etcd Version: {await Images.EtcdImage.HostEtcdVersionAsync(CancellationToken.None)}", version);
        }
        finally
        {
            await engine.Client.Images.DeleteImageAsync(tag, new ImageDeleteParameters { Force = true });
        }
    }

    [Fact]
    public async Task Scenario_addresses_should_be_placed_in_the_runs_slot()
    {
        await using var target = await DockerClusterTarget.CreateAsync();
        await target.InitializeAsync(new ClusterSpec("test-placed", [new HostSpec("m1", "127.0.1.1"), new HostSpec("m2", "127.0.2.7")], 1), new Core.Recording.RunRecorder(), CancellationToken.None);
        Assert.Equal(target.Slot.Number, target.Addresses.Slot);
        Assert.Equal($"127.{target.Slot.Number}.1.1", target.IpOf("m1"));
        Assert.Equal($"127.{target.Slot.Number}.2.7", target.Cluster["m2"].Ip);
    }

    [Fact]
    public async Task Hosts_outside_the_scenario_range_should_be_refused_with_the_way_to_fix_it()
    {
        await using var target = await DockerClusterTarget.CreateAsync();
        var outside = new ClusterSpec("test-outside", [new HostSpec("m1", "127.250.1.1")], 1);
        var refused = await Assert.ThrowsAsync<InputException>(() => target.InitializeAsync(outside, new Core.Recording.RunRecorder(), CancellationToken.None));
        Assert.Contains("Scenario addresses are 127.0.x.y", refused.Message);
    }
}
