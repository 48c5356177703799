using System.Diagnostics;
using Docker.DotNet.Models;
using EtcdLab.Driver.Docker;

namespace EtcdLab.Driver.Tests;

/// <summary>What Docker and iptables still hold of a run, looked up independently of the driver's own bookkeeping.</summary>
internal static class Leftovers
{
    public static async Task<IList<ContainerListResponse>> ContainersAsync(string runId)
    {
        using var engine = await DockerEngine.ConnectAsync();
        return await engine.Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"etcdlab.run={runId}"] = true } },
        });
    }

    public static async Task<string[]> FirewallRulesAsync(string runId)
    {
        var lines = new List<string>();
        foreach (var table in new[] { "filter", "mangle" })
        {
            using var p = Process.Start(new ProcessStartInfo("iptables", $"-w -t {table} -S") { RedirectStandardOutput = true })!;
            var output = await p.StandardOutput.ReadToEndAsync();
            await p.WaitForExitAsync();
            lines.AddRange(output.Split('\n').Where(l => l.Contains($"etcdlab:{runId}\"") || l.EndsWith($"etcdlab:{runId}")));
        }
        return lines.ToArray();
    }
}
