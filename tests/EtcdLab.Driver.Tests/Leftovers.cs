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

    /// <summary>The run's egress rules, IPv4 and IPv6, each line prefixed with the command that lists it.</summary>
    public static async Task<string[]> EgressRulesAsync(string runId)
    {
        var lines = new List<string>();
        foreach (var tool in File.Exists("/proc/net/if_inet6") ? new[] { "iptables", "ip6tables" } : ["iptables"])
            lines.AddRange((await OutputRulesAsync(tool)).Where(l => l.Contains($"etcdlab-egress:{runId}:")).Select(l => $"{tool} {l}"));
        return lines.ToArray();
    }

    /// <summary>The filter OUTPUT chain of <paramref name="tool"/> as <c>-S</c> prints it, in order.</summary>
    public static async Task<string[]> OutputRulesAsync(string tool = "iptables")
    {
        using var p = Process.Start(new ProcessStartInfo(tool, "-w -t filter -S OUTPUT") { RedirectStandardOutput = true })!;
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("-A ", StringComparison.Ordinal)).ToArray();
    }
}
