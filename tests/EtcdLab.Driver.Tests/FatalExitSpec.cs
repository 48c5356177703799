using EtcdLab.Core.Events;
using EtcdLab.Core.Targets;
using Xunit.Abstractions;

namespace EtcdLab.Driver.Tests;

[Trait("Category", "Docker")]
public sealed class FatalExitSpec(ITestOutputHelper output)
{
    [Fact]
    public async Task A_bad_bootstrap_flag_should_exit_with_etcds_critical_line()
    {
        await using var run = await DockerRun.CreateAsync(hosts: 4);
        await run.Target.StartAsync("m4", run.Flags("m4", ["m1", "m2", "m3"], "new"), run.Ct);

        var exited = await run.WaitForEventAsync<ProcessExited>(e => e.Host == "m4");
        output.WriteLine($"{exited.ExitCode}: {exited.Error}");
        Assert.Equal("etcdmain: couldn't find local name \"m4\" in the initial cluster configuration", exited.Error);
        Assert.Equal(1, exited.ExitCode);
    }

    [Fact]
    public async Task A_member_restarted_on_a_wiped_data_dir_under_its_old_id_should_panic()
    {
        await using var run = await DockerRun.CreateAsync(hosts: 3);
        await run.BootstrapAsync("m1", "m2", "m3");
        for (var i = 0; i < 3; i++) Assert.True((await run.Target.PutAsync(run.Endpoint("m1"), $"k{i}", "v", DockerRun.Rpc, run.Ct)).IsOk);
        await run.Target.StopAsync("m3", run.Ct);
        await run.Target.RemoveDirectoryAsync("m3", "/var/lib/etcd", run.Ct);

        // Joining as "existing" with an empty data dir gives m3 its old ID, which the leader still
        // tracks as far ahead: its first heartbeat commits past m3's empty log.
        await run.Target.StartAsync("m3", run.Flags("m3", ["m1", "m2", "m3"], "existing"), run.Ct);

        var exited = await run.WaitForEventAsync<ProcessExited>(e => e.Host == "m3");
        var panic = await run.WaitForEventAsync<MemberLogged>(e => e.Host == "m3" && e.Kind == MemberLogKind.Panic);
        output.WriteLine($"{exited.ExitCode}: {exited.Error}");
        output.WriteLine($"{panic.Kind}: {panic.Text}");
        Assert.Matches(@"^tocommit\(\d+\) is out of range \[lastIndex\(0\)\]\. Was the raft log corrupted, truncated, or lost\?$", exited.Error);
        Assert.Equal(exited.Error, panic.Text);
        Assert.NotEqual(0, exited.ExitCode);
        Assert.Equal(ProcessState.Exited, (await run.Target.ObserveAsync(run.Ct))["m3"].Process);
    }
}
