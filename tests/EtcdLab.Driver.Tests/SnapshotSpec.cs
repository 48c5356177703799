using EtcdLab.Core.Targets;
using Xunit.Abstractions;

namespace EtcdLab.Driver.Tests;

[Trait("Category", "Docker")]
public sealed class SnapshotSpec(ITestOutputHelper output)
{
    [Fact]
    public async Task Snapshot_save_and_restore_should_give_a_new_cluster_with_the_saved_data()
    {
        await using var run = await DockerRun.CreateAsync(hosts: 4);
        await run.BootstrapAsync("m1", "m2", "m3");
        for (var i = 0; i < 5; i++)
            Assert.True((await run.Target.PutAsync(run.Endpoint("m1"), $"saved/{i}", $"v{i}", DockerRun.Rpc, run.Ct)).IsOk);
        var original = (await run.StatusAsync("m1")).Header.ClusterId;

        var saved = await run.Target.SnapshotSaveAsync(run.Endpoint("m1"), "m1", "/var/lib/etcd-backup/backup.db", DockerRun.Rpc, run.Ct);
        Assert.True(saved.IsOk, saved.ToString());
        var file = run.Cluster.Directories.OnMachine("m1", "/var/lib/etcd-backup/backup.db");
        Assert.Equal(new FileInfo(file).Length, saved.Value.Size);
        Assert.False(File.Exists(file + ".part"));

        await run.Target.CopyFileAsync("m1", "/var/lib/etcd-backup/backup.db", "m4", "/var/lib/etcd-backup/backup.db", run.Ct);
        var request = new SnapshotRestoreRequest("/var/lib/etcd-backup/backup.db", "m4", "/var/lib/etcd",
            $"m4={run.PeerUrl("m4")}", "restored", run.PeerUrl("m4"), SkipHashCheck: false);
        var restored = await run.Target.SnapshotRestoreAsync("m4", request, run.Ct);
        Assert.True(restored.IsOk, restored.ToString());
        Assert.NotEqual(original, restored.Value.ClusterId);

        var again = await run.Target.SnapshotRestoreAsync("m4", request, run.Ct);
        output.WriteLine($"restore into an existing data dir: {again.Error}");
        Assert.Equal(new RpcError(RpcErrorCode.Local, "data-dir \"/var/lib/etcd\" exists"), again.Error);
        var missing = await run.Target.SnapshotRestoreAsync("m4", request with { SnapshotPath = "/var/lib/nope.db", DataDir = "/var/lib/etcd2" }, run.Ct);
        output.WriteLine($"restore of a missing file: {missing.Error}");
        Assert.Equal(RpcErrorCode.Local, missing.Error!.Code);

        await run.Target.StartAsync("m4", Core.Targets.EtcdFlags.Empty
            .With("name", "m4").With("data-dir", "/var/lib/etcd")
            .With("listen-client-urls", run.Endpoint("m4")).With("advertise-client-urls", run.Endpoint("m4"))
            .With("listen-peer-urls", run.PeerUrl("m4")), run.Ct);
        await run.WaitHealthyAsync("m4");
        var status = await run.StatusAsync("m4");
        Assert.Equal(restored.Value.ClusterId, status.Header.ClusterId);
        Assert.Equal(restored.Value.MemberId, status.Header.MemberId);
        var keys = await run.Target.RangeAsync(run.Endpoint("m4"), "saved/", "saved0", serializable: false, DockerRun.Rpc, run.Ct);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"v{i}"), keys.Value!.Kvs.Select(kv => kv.Value));
    }
}
