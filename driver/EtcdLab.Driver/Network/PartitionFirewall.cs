using System.Globalization;
using System.Text;
using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Hygiene;
using EtcdLab.Driver.Docker;

namespace EtcdLab.Driver.Network;

/// <summary>One iptables (or ip6tables) rule a run added, as <c>iptables -S</c> prints it.</summary>
/// <param name="Table"><c>mangle</c> or <c>filter</c>.</param>
/// <param name="RunId">The run named in the rule's comment.</param>
/// <param name="Spec">The rule after <c>-A</c>, for example <c>OUTPUT -d 127.1.1.2/32 ... -j DROP</c>.</param>
/// <param name="Tool">The command that holds the rule: <c>iptables</c> or <c>ip6tables</c>.</param>
/// <param name="Owner">The process that added the rule when the comment names it (egress rules), else null.</param>
internal sealed record FirewallRule(string Table, string RunId, string Spec, string Tool = "iptables", RunOwner? Owner = null);

/// <summary>
/// Cuts peer traffic between members with iptables. Source addresses cannot tell members apart
/// (every loopback connection leaves from 127.0.0.1), so each member runs as its own uid: a mangle
/// rule marks the connections uid A opens to B's peer port (and B to A), and one filter rule drops
/// every packet of a marked connection, both directions, established ones included. The mark
/// leaves bits 16-23 of the conntrack mark alone for degraded links (<see cref="LinkFirewall"/>). Every rule
/// carries the comment <c>etcdlab:&lt;runId&gt;</c> so that healing, cleanup and the reaper find it.
/// </summary>
internal static class PartitionFirewall
{
    public const string CommentPrefix = "etcdlab:";
    private const int PeerPort = 2380;

    /// <summary>The conntrack mark bits a partition sets and matches: all but bits 16-23, which
    /// <see cref="LinkFirewall"/> uses to remember who dialed a connection of a degraded host.</summary>
    private const string MarkMask = "0xff00ffff";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Adds the rules that cut the connections <c>(uid, destination)</c> for the run.</summary>
    public static async Task CutAsync(string runId, uint mark, IReadOnlyCollection<(int FromUid, string ToIp)> cuts, CancellationToken ct)
    {
        if (cuts.Count == 0) return;
        var comment = CommentPrefix + runId;
        var markText = "0x" + mark.ToString("x", CultureInfo.InvariantCulture);
        var input = new StringBuilder();
        input.Append("*mangle\n");
        foreach (var (uid, ip) in cuts)
            input.Append(CultureInfo.InvariantCulture,
                $"-I OUTPUT -d {ip}/32 -p tcp -m owner --uid-owner {uid} -m tcp --dport {PeerPort} -m comment --comment {comment} -j CONNMARK --set-xmark {markText}/{MarkMask}\n");
        input.Append("COMMIT\n*filter\n");
        input.Append(CultureInfo.InvariantCulture, $"-I OUTPUT -m connmark --mark {markText}/{MarkMask} -m comment --comment {comment} -j DROP\n");
        input.Append("COMMIT\n");

        var result = await ProcessRunner.RunAsync("iptables-restore", ["-w", "--noflush"], CommandTimeout, ct, input.ToString());
        if (!result.Ok)
            throw new EnvironmentException(
                "Could not add the iptables rules of a partition. The docker target needs root and iptables with the owner, connmark "
                + "and comment matches (Debian: apt-get install iptables; run as root).",
                $"iptables-restore -w --noflush <<EOF{Environment.NewLine}{input}EOF{Environment.NewLine}{result.Output}");
    }

    /// <summary>Makes connections to the peer port of <paramref name="ip"/> fail at once (TCP reset, as
    /// when nothing listens) until the returned rule is deleted.</summary>
    public static async Task<FirewallRule> RefusePeerPortAsync(string runId, string ip, CancellationToken ct)
    {
        var spec = $"OUTPUT -d {ip}/32 -p tcp -m tcp --dport {PeerPort} -m comment --comment {CommentPrefix}{runId} -j REJECT --reject-with tcp-reset";
        var result = await ProcessRunner.RunAsync("iptables", ["-w", "-t", "filter", "-I", .. spec.Split(' ')], CommandTimeout, ct);
        if (!result.Ok)
            throw new EnvironmentException(
                "Could not add an iptables rule. The docker target needs root and iptables (Debian: apt-get install iptables; run as root).",
                result.Output);
        return new FirewallRule("filter", runId, spec);
    }

    /// <summary>Every partition rule whose comment names a run (the egress rules of
    /// <see cref="EgressFirewall"/> carry another prefix, so healing never lifts them).</summary>
    public static Task<IReadOnlyList<FirewallRule>> ListAsync(CancellationToken ct) =>
        ListAsync("iptables", ["mangle", "filter"], CommentPrefix, ct);

    /// <summary>Every rule of <paramref name="tool"/> in <paramref name="tables"/> whose comment starts with
    /// <paramref name="prefix"/>; the rest of the comment is the run id. None when the tool is missing.</summary>
    internal static async Task<IReadOnlyList<FirewallRule>> ListAsync(string tool, IReadOnlyList<string> tables, string prefix, CancellationToken ct)
    {
        var rules = new List<FirewallRule>();
        foreach (var table in tables)
        {
            var result = await ProcessRunner.RunAsync(tool, ["-w", "-t", table, "-S"], CommandTimeout, ct);
            if (!result.Ok) continue; // no such tool: there cannot be rules either
            foreach (var line in result.Stdout.Split('\n'))
            {
                if (!line.StartsWith("-A ", StringComparison.Ordinal)) continue;
                var at = line.IndexOf("--comment ", StringComparison.Ordinal);
                if (at < 0) continue;
                var comment = line[(at + "--comment ".Length)..].Split(' ')[0].Trim('"');
                if (comment.StartsWith(prefix, StringComparison.Ordinal))
                    rules.Add(new FirewallRule(table, comment[prefix.Length..], line[3..].TrimEnd(), tool));
            }
        }
        return rules;
    }

    /// <summary>Deletes every rule of <paramref name="runId"/>; returns how many it deleted.</summary>
    public static async Task<int> RemoveRunAsync(string runId, CancellationToken ct)
    {
        var deleted = 0;
        foreach (var rule in (await ListAsync(ct)).Where(r => r.RunId == runId))
            if (await DeleteAsync(rule, ct)) deleted++;
        return deleted;
    }

    /// <summary>Deletes one rule; false when it was already gone.</summary>
    public static async Task<bool> DeleteAsync(FirewallRule rule, CancellationToken ct)
    {
        var args = new List<string> { "-w", "-t", rule.Table, "-D" };
        args.AddRange(rule.Spec.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => a.Trim('"')));
        var result = await ProcessRunner.RunAsync(rule.Tool, args, CommandTimeout, ct);
        return result.Ok;
    }
}
