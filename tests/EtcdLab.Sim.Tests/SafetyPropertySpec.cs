using EtcdLab.Core.Events;
using EtcdLab.Core.Targets;
using EtcdLab.Sim.Simulation;
using FsCheck.Xunit;

namespace EtcdLab.Sim.Tests;

public sealed class SafetyPropertySpec
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>Records every leader per term and every applied entry per index, across members.</summary>
    private sealed class SafetyMonitor : ISimulationMonitor
    {
        private readonly Dictionary<ulong, ulong> _leaders = new();
        private readonly Dictionary<ulong, (ulong Term, object? Data)> _applied = new();
        public List<string> Violations { get; } = [];

        public void LeaderElected(ulong clusterId, ulong memberId, ulong term)
        {
            if (_leaders.TryGetValue(term, out var other) && other != memberId)
                Violations.Add($"two leaders in term {term}: {other:x} and {memberId:x}");
            _leaders[term] = memberId;
        }

        public void Applied(ulong clusterId, ulong memberId, ulong index, ulong term, object? data)
        {
            if (_applied.TryGetValue(index, out var first) && (first.Term != term || !Equals(first.Data, data)))
                Violations.Add($"index {index}: {memberId:x} applied term {term} {data}, another member term {first.Term} {first.Data}");
            _applied.TryAdd(index, (term, data));
        }

        public void ForcedNewCluster(ulong clusterId, ulong memberId, ulong fromIndex)
        {
            foreach (var index in _applied.Keys.Where(i => i >= fromIndex).ToArray()) _applied.Remove(index);
        }
    }

    /// <summary>
    /// Each byte of <paramref name="schedule"/> is one fault (kill, restart, isolate, split, heal, pause/resume)
    /// followed by a pause; a writer runs throughout. Afterwards everything is healed and restarted.
    /// </summary>
    [Property(MaxTest = 40)]
    public bool Random_faults_should_never_elect_two_leaders_in_a_term_or_lose_a_committed_write(byte[] schedule, ushort seed)
    {
        return Check(schedule.Take(20).ToArray(), seed).GetAwaiter().GetResult();
    }

    private static async Task<bool> Check(byte[] schedule, ushort seed)
    {
        await using var c = await SimCluster.CreateAsync(3, seed);
        var monitor = new SafetyMonitor();
        c.Target.Monitor = monitor;
        await c.BootstrapAsync(3);
        await c.Target.StartWriterAsync(new WriterSpec("w", c.HostNames, "/p/", TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(500), int.MaxValue), Ct);
        await c.DelayAsync(0.3);
        var running = c.HostNames.ToHashSet();
        var paused = new HashSet<string>();
        foreach (var b in schedule)
        {
            var host = c.HostNames[b / 6 % 3];
            switch (b % 6)
            {
                case 0 when running.Remove(host):
                    paused.Remove(host);
                    await c.Target.KillAsync(host, Ct);
                    break;
                case 1 when running.Add(host):
                    await c.Target.StartAsync(host, SimCluster.Flags(SimCluster.Index(host), SimCluster.InitialCluster([1, 2, 3])), Ct);
                    break;
                case 2:
                    await c.Target.PartitionAsync([[host], c.HostNames.Where(h => h != host).ToArray()], Ct);
                    break;
                case 3:
                    var other = c.HostNames[(b / 6 + 1) % 3];
                    await c.Target.PartitionAsync([[host, other], c.HostNames.Where(h => h != host && h != other).ToArray()], Ct);
                    break;
                case 4:
                    await c.Target.HealAsync(Ct);
                    break;
                case 5 when running.Contains(host) && paused.Add(host):
                    await c.Target.PauseAsync(host, Ct);
                    break;
                case 5 when paused.Remove(host):
                    await c.Target.ResumeAsync(host, Ct);
                    break;
            }
            await c.DelayAsync((b / 18 % 4 + 1) * 0.15);
        }

        await c.Target.HealAsync(Ct);
        foreach (var h in paused) await c.Target.ResumeAsync(h, Ct);
        foreach (var h in c.HostNames.Where(h => !running.Contains(h)))
            await c.Target.StartAsync(h, SimCluster.Flags(SimCluster.Index(h), SimCluster.InitialCluster([1, 2, 3])), Ct);
        Assert.True(await c.WaitUntilAsync(o => o.Hosts.All(h => h.Serving && h.HasLeader), TimeSpan.FromSeconds(20)), "the cluster did not recover");
        await c.Target.StopWriterAsync("w", Ct);
        var read = await c.Target.RangeAsync(SimCluster.ClientUrl(1), "/p/", "/p0", false, TimeSpan.FromSeconds(5), Ct);
        Assert.True(read.IsOk, read.Error?.Message);
        var present = read.Value.Kvs.Select(k => k.Key).ToHashSet();
        var lost = c.Events<ClientWriteAcknowledged>().Where(a => !present.Contains(a.Key)).Select(a => a.Key).ToList();
        Assert.Empty(monitor.Violations);
        // The same checks as the run's events show them, which is what the checkers read.
        Assert.Empty(c.Events<RaftSafetyViolated>());
        var elected = c.Events<LeaderElected>();
        Assert.Equal(elected.Count, elected.Select(e => e.Term).Distinct().Count());
        Assert.Empty(lost);
        Assert.NotEmpty(c.Events<ClientWriteAcknowledged>());
        return true;
    }
}
