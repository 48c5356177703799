using EtcdLab.Core.Events;
using Xunit.Abstractions;

namespace EtcdLab.Driver.Tests;

/// <summary>The docker target records each leadership from etcd's own log, with the term etcd reports.</summary>
[Trait("Category", "Docker")]
[Collection("docker")]
public sealed class LeaderElectionSpec(ITestOutputHelper output)
{
    [Fact]
    public async Task LeaderElected_should_come_from_etcds_log_with_the_term_etcd_reports()
    {
        await using var run = await DockerRun.CreateAsync(hosts: 3);
        await run.BootstrapAsync("m1", "m2", "m3");
        var (first, firstStatus) = await LeaderAsync(run, exclude: null);
        var bootstrap = await run.WaitForEventAsync<LeaderElected>(e => e.Host == first);
        output.WriteLine($"bootstrap: {bootstrap}; status term {firstStatus.RaftTerm}");
        Assert.Equal((first, firstStatus.Header.MemberId, firstStatus.RaftTerm), (bootstrap.Host, bootstrap.MemberId, bootstrap.Term));
        Assert.Single(run.Events<LeaderElected>());

        // The leader dies; one of the others wins a later term and logs it.
        await run.Target.KillAsync(first, run.Ct);
        var (second, secondStatus) = await LeaderAsync(run, exclude: first);
        var next = await run.WaitForEventAsync<LeaderElected>(e => e.Host == second && e.Term > bootstrap.Term);
        output.WriteLine($"after the kill: {next}; status term {secondStatus.RaftTerm}");
        Assert.Equal((second, secondStatus.Header.MemberId, secondStatus.RaftTerm), (next.Host, next.MemberId, next.Term));
        var terms = run.Events<LeaderElected>().Select(e => e.Term).ToArray();
        Assert.Equal(terms.Length, terms.Distinct().Count());
    }

    /// <summary>Waits until a running member other than <paramref name="exclude"/> leads and has applied an entry of its
    /// own term (etcd's Status reports the term of the last applied entry), and returns it with its status.</summary>
    private static async Task<(string Host, Core.Targets.StatusReply Status)> LeaderAsync(DockerRun run, string? exclude)
    {
        (string, Core.Targets.StatusReply)? found = null;
        await run.EventuallyAsync(async () =>
        {
            var o = await run.Target.ObserveAsync(run.Ct);
            var leader = o.Hosts.FirstOrDefault(h => h.Host != exclude && h.Status is { } s && s.Leader == s.Header.MemberId);
            if (leader is null) return false;
            var elected = run.Events<LeaderElected>().LastOrDefault(e => e.Host == leader.Host);
            if (elected is null || elected.Term != leader.Status!.RaftTerm) return false;
            found = (leader.Host, leader.Status);
            return true;
        }, $"a leader other than {exclude ?? "none"} that logged its election and reports its term");
        return found!.Value;
    }
}
