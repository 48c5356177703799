using System.Diagnostics;
using EtcdLab.Core.Events;
using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Targets;
using Xunit.Abstractions;

namespace EtcdLab.Driver.Tests;

[Trait("Category", "Docker")]
public sealed class ProcessSpec(ITestOutputHelper output)
{
    [Fact]
    public async Task Stop_kill_and_start_should_keep_the_data_dir()
    {
        await using var run = await DockerRun.CreateAsync(hosts: 3);
        await run.BootstrapAsync("m1", "m2", "m3");
        var put = await run.Target.PutAsync(run.Endpoint("m1"), "k", "v", DockerRun.Rpc, run.Ct);
        Assert.True(put.IsOk, put.ToString());

        await run.Target.StopAsync("m1", run.Ct);
        Assert.Equal(ProcessState.Stopped, (await run.Target.ObserveAsync(run.Ct))["m1"].Process);
        await run.Target.StopAsync("m1", run.Ct); // not running: left as it is
        await Assert.ThrowsAsync<HostActionException>(() => run.Target.PauseAsync("m1", run.Ct));
        await run.Target.StartAsync("m1", run.Cluster["m1"].Flags!, run.Ct);
        await Assert.ThrowsAsync<HostActionException>(() => run.Target.StartAsync("m1", run.Cluster["m1"].Flags!, run.Ct));

        await run.Target.KillAsync("m2", run.Ct);
        Assert.Equal(ProcessState.Stopped, (await run.Target.ObserveAsync(run.Ct))["m2"].Process);
        await run.Target.StartAsync("m2", run.Cluster["m2"].Flags!, run.Ct);
        await run.WaitHealthyAsync("m1", "m2", "m3");

        foreach (var host in new[] { "m1", "m2" })
        {
            var read = await run.Target.RangeAsync(run.Endpoint(host), "k", null, serializable: true, DockerRun.Rpc, run.Ct);
            Assert.Equal("v", Assert.Single(read.Value!.Kvs).Value);
        }
        Assert.Empty(run.Events<ProcessExited>()); // operator stops are not exits
    }

    [Fact]
    public async Task Pause_should_silence_a_member_until_resumed()
    {
        await using var run = await DockerRun.CreateAsync(hosts: 3);
        await run.BootstrapAsync("m1", "m2", "m3");

        await run.Target.PauseAsync("m1", run.Ct);
        var observation = await run.Target.ObserveAsync(run.Ct);
        Assert.Equal(ProcessState.Paused, observation["m1"].Process);
        Assert.Null(observation["m1"].Status);

        var clock = Stopwatch.StartNew();
        var status = await run.Target.StatusAsync(run.Endpoint("m1"), TimeSpan.FromMilliseconds(300), run.Ct);
        var took = clock.Elapsed;
        Assert.Equal(RpcError.DeadlineExceeded, status.Error);
        Assert.InRange(took, TimeSpan.FromMilliseconds(290), TimeSpan.FromMilliseconds(900));
        await Assert.ThrowsAsync<HostActionException>(() => run.Target.PauseAsync("m1", run.Ct));

        await run.WaitHealthyAsync("m2", "m3");
        var put = await run.Target.PutAsync(run.Endpoint("m2"), "while-paused", "1", DockerRun.Rpc, run.Ct);
        Assert.True(put.IsOk, put.ToString());

        await run.Target.ResumeAsync("m1", run.Ct);
        await Assert.ThrowsAsync<HostActionException>(() => run.Target.ResumeAsync("m1", run.Ct));
        await run.WaitHealthyAsync("m1", "m2", "m3");
        Assert.Equal(ProcessState.Running, (await run.Target.ObserveAsync(run.Ct))["m1"].Process);
    }

    [Fact]
    public async Task Nothing_listening_should_answer_connection_refused_at_once()
    {
        await using var run = await DockerRun.CreateAsync(hosts: 2);
        await run.BootstrapAsync("m1");
        await run.Target.StopAsync("m1", run.Ct);

        foreach (var endpoint in new[] { run.Endpoint("m1"), run.Endpoint("m2"), $"http://{run.Target.Addresses.Map("127.0.9.9")}:2379" })
        {
            var clock = Stopwatch.StartNew();
            var status = await run.Target.StatusAsync(endpoint, TimeSpan.FromSeconds(5), run.Ct);
            Assert.Equal(RpcError.ConnectionRefused, status.Error);
            Assert.True(status.Error!.IsConnectionRefused);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"{endpoint} took {clock.Elapsed}");
        }
        var health = await run.Target.CheckHealthAsync([run.Endpoint("m1")], TimeSpan.FromSeconds(1), run.Ct);
        Assert.False(Assert.Single(health).Healthy);
    }

    [Fact]
    public async Task Directory_actions_should_refuse_the_data_dir_of_a_running_member()
    {
        await using var run = await DockerRun.CreateAsync(hosts: 2);
        await run.BootstrapAsync("m1");

        var refused = await Assert.ThrowsAsync<HostActionException>(() => run.Target.RemoveDirectoryAsync("m1", "/var/lib/etcd", run.Ct));
        output.WriteLine(refused.Message);
        Assert.Equal("m1", refused.Host);
        await Assert.ThrowsAsync<HostActionException>(() => run.Target.RemoveDirectoryAsync("m1", "/var/lib", run.Ct));
        await Assert.ThrowsAsync<HostActionException>(() => run.Target.CopyDirectoryAsync("m1", "/var/lib/etcd", "/var/lib/etcd.bak", run.Ct));
        await Assert.ThrowsAsync<HostActionException>(() => run.Target.RemoveDirectoryAsync("m1", "/etc/etcd", run.Ct));
        await Assert.ThrowsAsync<HostActionException>(() => run.Target.RemoveDirectoryAsync("m1", "/var/lib/../../etc", run.Ct));

        await run.Target.StopAsync("m1", run.Ct);
        await run.Target.CopyDirectoryAsync("m1", "/var/lib/etcd", "/var/lib/backup/etcd.bak", run.Ct);
        await run.Target.RemoveDirectoryAsync("m1", "/var/lib/etcd", run.Ct);
        var dirs = run.Cluster.Directories;
        Assert.False(Directory.Exists(dirs.OnMachine("m1", "/var/lib/etcd")));
        Assert.True(File.Exists(dirs.OnMachine("m1", "/var/lib/backup/etcd.bak/member/snap/db")));

        // The copy carries the member: started from it (moved back), m1 serves its old data.
        await run.Target.CopyDirectoryAsync("m1", "/var/lib/backup/etcd.bak", "/var/lib/etcd", run.Ct);
        await run.Target.StartAsync("m1", run.Cluster["m1"].Flags!, run.Ct);
        await run.WaitHealthyAsync("m1");
        await Assert.ThrowsAsync<HostActionException>(() => run.Target.CopyDirectoryAsync("m1", "/var/lib/nothing-here", "/var/lib/x", run.Ct));
    }

    [Fact]
    public async Task Listening_on_a_shared_address_should_be_refused_with_a_hint()
    {
        await using var run = await DockerRun.CreateAsync(hosts: 1);
        var flags = run.Flags("m1", ["m1"], "new").With("listen-client-urls", $"{run.Endpoint("m1")},http://127.0.0.1:2379");
        var refused = await Assert.ThrowsAsync<HostActionException>(() => run.Target.StartAsync("m1", flags, run.Ct));
        output.WriteLine(refused.Message);
        Assert.Contains("127.0.0.1", refused.Message);
        Assert.Equal(ProcessState.NotStarted, (await run.Target.ObserveAsync(run.Ct))["m1"].Process);
    }
}
