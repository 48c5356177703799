using System.Diagnostics;
using EtcdLab.Core.Etcdctl;
using EtcdLab.Core.Targets;
using Xunit.Abstractions;

namespace EtcdLab.Driver.Tests;

/// <summary>etcdctl steps on the docker target: the image's real etcdctl, as the host's user, on the host's disk.</summary>
[Trait("Category", "Docker")]
public sealed class EtcdctlSpec(ITestOutputHelper output)
{
    private static Task<EtcdctlOutput> Run(DockerRun run, string host, string commandLine) =>
        run.Target.RunEtcdctlAsync(host, run.Endpoint(host), EtcdctlParser.Parse(commandLine), run.Target, run.Ct);

    [Fact]
    public async Task Etcdctl_should_be_the_images_binary_run_with_the_argv_as_given()
    {
        await using var run = await DockerRun.CreateAsync(hosts: 1);
        await run.BootstrapAsync("m1");
        var container = run.Cluster["m1"];

        // An argv the emulator has no answer for: only the binary prints its version.
        var version = await run.Target.RunEtcdctlAsync("m1", run.Endpoint("m1"),
            new EtcdctlInvocation(EtcdctlCommand.MemberList, ["version"], [], new Dictionary<string, string>()), run.Target, run.Ct);
        Assert.Equal(0, version.ExitCode);
        Assert.Equal("etcdctl version: 3.4.23\nAPI version: 3.4\n", version.Stdout);

        // Without --endpoints etcdctl talks to the host's own member, not to 127.0.0.1:2379.
        var list = await Run(run, "m1", "member list");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains($", started, m1, {run.PeerUrl("m1")}, {run.Endpoint("m1")}, false", list.Stdout);

        // A failure as real etcdctl reports it: clientv3's warning with a client id of its own each time.
        var first = await Run(run, "m1", "member remove 1234");
        var second = await Run(run, "m1", "member remove 1234");
        Assert.Equal(1, first.ExitCode);
        Assert.EndsWith("Error: etcdserver: member not found\n", first.Stderr);
        Assert.Contains("\"msg\":\"retrying of unary invoker failed\"", first.Stderr);
        Assert.NotEqual(first.Stderr, second.Stderr);

        // What a call costs, without the cluster's share: etcdctl version by docker exec into the host's
        // etcdctl container, and in a one-off container (the way snapshot restore runs).
        const int calls = 5;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++) Assert.Equal(0, (await container.ExecEtcdctlAsync(["version"], [], TimeSpan.FromSeconds(30), run.Ct)).ExitCode);
        var exec = clock.Elapsed / calls;
        clock.Restart();
        for (var i = 0; i < calls; i++) Assert.True((await container.RunEtcdctlAsync(["version"], TimeSpan.FromSeconds(30), run.Ct)).Ok);
        var oneOff = clock.Elapsed / calls;
        clock.Restart();
        for (var i = 0; i < calls; i++) Assert.Equal(0, (await Run(run, "m1", "member list")).ExitCode);
        var memberList = clock.Elapsed / calls;
        output.WriteLine($"etcdctl per call: version by docker exec {exec.TotalMilliseconds:0} ms, version in a one-off container {oneOff.TotalMilliseconds:0} ms, member list step by docker exec {memberList.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Snapshot_save_should_write_the_file_on_the_hosts_disk_as_the_hosts_uid()
    {
        await using var run = await DockerRun.CreateAsync(hosts: 1);
        await run.BootstrapAsync("m1");

        var saved = await Run(run, "m1", "snapshot save /var/lib/backups/today/snap.db");
        Assert.True(saved.ExitCode == 0, saved.Stderr);
        Assert.Equal("Snapshot saved at /var/lib/backups/today/snap.db\n", saved.Stdout);
        var file = run.Cluster.Directories.OnMachine("m1", "/var/lib/backups/today/snap.db");
        Assert.True(File.Exists(file));
        Assert.Equal(run.Cluster["m1"].Uid, FileOwner(file));

        // Saved again over its own file: etcdctl replaces it, still the host's.
        var again = await Run(run, "m1", "snapshot save backups/today/snap.db");
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(run.Cluster["m1"].Uid, FileOwner(file));
    }

    [Fact]
    public async Task A_hung_etcdctl_should_be_killed_after_the_tool_timeout_and_the_next_command_should_run()
    {
        await using var run = await DockerRun.CreateAsync(hosts: 2, new DockerTargetOptions { ToolTimeout = TimeSpan.FromSeconds(4) });
        await run.BootstrapAsync("m1");

        // etcdctl 3.4's snapshot save waits for ever for an endpoint nothing listens on (m2 never started).
        var clock = Stopwatch.StartNew();
        var hung = await Run(run, "m1", $"snapshot save /var/lib/snap.db --endpoints={run.Endpoint("m2")}");
        output.WriteLine($"{hung.ExitCode} after {clock.Elapsed.TotalSeconds:0.0} s: {hung.Stderr}");
        Assert.Equal(124, hung.ExitCode);
        Assert.Contains("was killed after 4 s without finishing", hung.Stderr);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(20));

        var list = await Run(run, "m1", "member list");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains(", started, m1, ", list.Stdout);
    }

    [Fact]
    public async Task Saving_over_a_running_members_data_dir_should_be_refused_as_on_the_simulator()
    {
        await using var run = await DockerRun.CreateAsync(hosts: 1);
        await run.BootstrapAsync("m1");
        var dataDir = run.Cluster["m1"].DataDirectory!;
        var refusal = await Assert.ThrowsAsync<Core.Exceptions.HostActionException>(() => Run(run, "m1", $"snapshot save {dataDir}/member/snap/db"));
        Assert.Contains("Stop etcd on m1 first", refusal.Message);
    }

    private static int FileOwner(string path)
    {
        var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%u", path]) { RedirectStandardOutput = true })!;
        var text = stat.StandardOutput.ReadToEnd();
        stat.WaitForExit();
        return int.Parse(text.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
