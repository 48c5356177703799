using System.Globalization;
using Docker.DotNet.Models;
using EtcdLab.Core.Hygiene;
using EtcdLab.Driver.Containers;
using EtcdLab.Driver.Network;

namespace EtcdLab.Driver.Tests;

/// <summary>Dials from where a member dials: a one-off container of the etcd image with host networking,
/// running as a given uid, runs <c>etcdctl endpoint health</c> against one loopback endpoint.</summary>
internal static class MemberUidProbe
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    /// <summary>Runs the probe as <paramref name="uid"/> against <paramref name="endpoint"/> and returns
    /// etcdctl's exit code and output once it has ended (so every dial it made has been made).</summary>
    public static async Task<(long ExitCode, string Output)> DialAsync(EtcdCluster cluster, int uid, string endpoint)
    {
        Assert.True(LoopbackAddress.IsLoopback(new Uri(endpoint).Host), $"{endpoint} is not on 127.0.0.0/8");
        var docker = cluster.Engine.Client;
        var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = $"etcdlab-{cluster.RunId}-probe-{Guid.NewGuid().ToString("N")[..8]}",
            Image = cluster.Image,
            Entrypoint = ["/usr/bin/etcdctl"],
            Env = ["ETCDCTL_API=3"],
            Cmd = [$"--endpoints={endpoint}", "--dial-timeout=1s", "--command-timeout=2s", "endpoint", "health"],
            User = string.Create(CultureInfo.InvariantCulture, $"{uid}:{uid}"),
            Labels = new Dictionary<string, string>
            {
                // The run's labels: its dispose (or a reaper, once this process is gone) removes the probe too.
                ["etcdlab.run"] = cluster.RunId,
                ["etcdlab.role"] = "tool",
                ["etcdlab.owner.pid"] = RunOwner.Current.Pid.ToString(CultureInfo.InvariantCulture),
                ["etcdlab.owner.start"] = RunOwner.Current.StartTicks.ToString(CultureInfo.InvariantCulture),
            },
            HostConfig = new HostConfig { NetworkMode = "host" },
        });
        try
        {
            await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
            using var bound = new CancellationTokenSource(Bound);
            var wait = await docker.Containers.WaitContainerAsync(created.ID, bound.Token);
            using var logs = await docker.Containers.GetContainerLogsAsync(created.ID, tty: false,
                new ContainerLogsParameters { ShowStdout = true, ShowStderr = true }, CancellationToken.None);
            var (stdout, stderr) = await logs.ReadOutputToEndAsync(CancellationToken.None);
            return (wait.StatusCode, (stdout + stderr).Trim());
        }
        finally
        {
            await docker.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true });
        }
    }
}
