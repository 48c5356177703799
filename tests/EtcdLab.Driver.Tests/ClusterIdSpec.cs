using EtcdLab.Core.Events;
using Xunit.Abstractions;

namespace EtcdLab.Driver.Tests;

[Trait("Category", "Docker")]
public sealed class ClusterIdSpec(ITestOutputHelper output)
{
    [Fact]
    public async Task Joining_with_state_new_should_log_cluster_id_mismatch_on_both_sides()
    {
        await using var run = await DockerRun.CreateAsync(hosts: 4);
        await run.BootstrapAsync("m1", "m2", "m3");

        // The classic mistake: a new member started with --initial-cluster-state=new bootstraps a
        // cluster of its own, with another cluster ID, and dials the running members.
        await run.Target.StartAsync("m4", run.Flags("m4", ["m1", "m2", "m3", "m4"], "new"), run.Ct);

        var joiner = await run.WaitForEventAsync<MemberLogged>(e => e.Host == "m4" && e.Kind == MemberLogKind.ClusterIdMismatch);
        var running = await run.WaitForEventAsync<MemberLogged>(e => e.Host != "m4" && e.Kind == MemberLogKind.ClusterIdMismatch);
        output.WriteLine($"{joiner.Host}: {joiner.Text}");
        output.WriteLine($"{running.Host}: {running.Text}");
        Assert.StartsWith("rafthttp: request sent was ignored (cluster ID mismatch: peer[", joiner.Text);
        Assert.StartsWith("rafthttp: request cluster ID mismatch (got ", running.Text);
        Assert.Equal(joiner, run.Recorder.Events.OfType<MemberLogged>().First(e => e.Host == "m4" && e.Text == joiner.Text));

        // It listens but never serves clients: calls time out rather than being refused.
        var status = await run.Target.StatusAsync(run.Endpoint("m4"), TimeSpan.FromMilliseconds(300), run.Ct);
        Assert.Equal(Core.Targets.RpcError.DeadlineExceeded, status.Error);
    }
}
