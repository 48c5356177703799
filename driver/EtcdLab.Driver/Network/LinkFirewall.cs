using System.Globalization;
using System.Text;
using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Hygiene;
using EtcdLab.Driver.Docker;

namespace EtcdLab.Driver.Network;

/// <summary>
/// The iptables rules that slow down and thin out one host's peer traffic, in both directions:
/// packets are dropped at random (<c>-m statistic</c>) and marked for <see cref="PeerDelayQueue"/>,
/// which holds them for the latency. Client traffic (port 2379) is never matched.
/// </summary>
/// <remarks>
/// <para>Every loopback connection leaves from 127.0.0.1, so a host's peer packets are told apart
/// by uid and conntrack mark, all in mangle POSTROUTING (after the filter table has applied
/// partitions and the egress wall, as on a wire): what the host sends is matched by its uid on
/// either end of port 2380; what peers send it on connections they dialed, by its address and port
/// 2380; what they answer on connections it dialed, by a conntrack mark field (bits 16-23: host
/// index + 1) that a first rule sets on every connection the host dials. Partitions keep their own
/// bits of the same conntrack mark (see <see cref="PartitionFirewall"/>).</para>
/// <para>A host's rules go to the top of the chain, its block in one <c>iptables-restore</c>
/// (replacing its earlier block atomically); the run's queue rule goes to the bottom, so that every
/// block has marked or dropped a packet before it is queued. Rules of other runs match other uids.</para>
/// <para>Every rule carries the comment <c>etcdlab-links:&lt;runId&gt;:&lt;owner pid&gt;:&lt;owner start&gt;</c>
/// (a prefix other than the partitions', so healing never lifts them); the cluster removes them when
/// it is disposed and the reaper when their owner is gone.</para>
/// </remarks>
internal static class LinkFirewall
{
    /// <summary>Start of the comment of every link rule; the run id and its owner follow.</summary>
    public const string CommentPrefix = "etcdlab-links:";

    /// <summary>Mark codes are host index + 1 in eight bits.</summary>
    public const int MaxHostIndex = 254;

    private const int PeerPort = 2380;
    private const string Table = "mangle";
    private const string Chain = "POSTROUTING";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);

    /// <summary>The netfilter queue of the run in slot <paramref name="slot"/>: one per slot, so runs never share one.</summary>
    public static ushort QueueNumber(LoopbackSlot slot) => (ushort)(0x7E00 + slot.Number);

    /// <summary>The mark code of the host with index <paramref name="hostIndex"/>.</summary>
    public static int Code(int hostIndex) => hostIndex + 1;

    /// <summary>The rules (as after <c>-A</c>) that degrade the links of one host.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="owner">The process that owns the run, named in the comment for the reaper.</param>
    /// <param name="slot">The run's slot (its uid range).</param>
    /// <param name="hostIndex">The host's index (its uid and mark code).</param>
    /// <param name="ip">The host's current address.</param>
    /// <param name="delayed">True when its packets go to the delay queue.</param>
    /// <param name="lossRate">The share of its packets to drop, 0 to 1.</param>
    public static IReadOnlyList<string> HostRules(string runId, RunOwner owner, LoopbackSlot slot, int hostIndex, string ip, bool delayed, double lossRate)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hostIndex, MaxHostIndex);
        var comment = Comment(runId, owner);
        var uid = slot.MemberUid(hostIndex).ToString(CultureInfo.InvariantCulture);
        var (first, last) = slot.MemberUids;
        var uids = string.Create(CultureInfo.InvariantCulture, $"{first}-{last}");
        var code = Code(hostIndex);
        var dialed = Hex(code << 16);

        string[] sent = [$"-p tcp -m multiport --ports {PeerPort} -m owner --uid-owner {uid}"];
        string[] received =
        [
            $"-p tcp -m tcp --sport {PeerPort} -m connmark --mark {dialed}/0xff0000 -m owner --uid-owner {uids}",
            $"-d {ip}/32 -p tcp -m tcp --dport {PeerPort} -m owner --uid-owner {uids}",
        ];
        var rules = new List<string>
        {
            $"{Chain} -p tcp -m tcp --dport {PeerPort} -m owner --uid-owner {uid} {comment} -j CONNMARK --set-xmark {dialed}/0xff0000",
        };
        if (lossRate > 0)
        {
            var loss = lossRate >= 1 ? "" : string.Create(CultureInfo.InvariantCulture, $" -m statistic --mode random --probability {lossRate:0.#####}");
            rules.AddRange(sent.Concat(received).Select(match => $"{Chain} {match}{loss} {comment} -j DROP"));
        }
        if (delayed)
        {
            rules.AddRange(sent.Select(match => $"{Chain} {match} {comment} -j MARK --set-xmark {Hex(code)}/0xff"));
            rules.AddRange(received.Select(match => $"{Chain} {match} {comment} -j MARK --set-xmark {Hex(code << 8)}/0xff00"));
        }
        return rules;
    }

    /// <summary>The run's rule that sends every marked packet of its uids to its delay queue; with
    /// <c>--queue-bypass</c>, so that they pass when no queue is bound (its owner died).</summary>
    public static string QueueRule(string runId, RunOwner owner, LoopbackSlot slot)
    {
        var (first, last) = slot.MemberUids;
        return string.Create(CultureInfo.InvariantCulture,
            $"{Chain} -m mark ! --mark 0x0/0xffff -m owner --uid-owner {first}-{last} {Comment(runId, owner)} -j NFQUEUE --queue-num {QueueNumber(slot)} --queue-bypass");
    }

    /// <summary>In one atomic step: deletes <paramref name="remove"/>, inserts <paramref name="insert"/> at
    /// the top of the chain (in their order) and appends <paramref name="append"/> at its bottom.</summary>
    /// <exception cref="EnvironmentException">iptables refused (not root, or a match or target is missing).</exception>
    public static async Task ApplyAsync(IReadOnlyList<string> remove, IReadOnlyList<string> insert, IReadOnlyList<string> append, CancellationToken ct)
    {
        if (remove.Count + insert.Count + append.Count == 0) return;
        var input = new StringBuilder($"*{Table}\n");
        foreach (var rule in remove) input.Append("-D ").Append(rule).Append('\n');
        for (var i = 0; i < insert.Count; i++)
        {
            var at = insert[i].IndexOf(' ', StringComparison.Ordinal);
            input.Append(CultureInfo.InvariantCulture, $"-I {insert[i][..at]} {i + 1}{insert[i][at..]}\n");
        }
        foreach (var rule in append) input.Append("-A ").Append(rule).Append('\n');
        input.Append("COMMIT\n");
        var result = await ProcessRunner.RunAsync("iptables-restore", ["-w", "--noflush"], CommandTimeout, ct, input.ToString());
        if (!result.Ok)
            throw new EnvironmentException(
                "Could not change the iptables rules that delay and drop a host's peer packets. The docker target needs root and iptables "
                + "with the owner, multiport, connmark, mark, statistic and comment matches and the CONNMARK, MARK and NFQUEUE targets "
                + "(Debian: apt-get install iptables; run as root).",
                $"iptables-restore -w --noflush <<EOF{Environment.NewLine}{input}EOF{Environment.NewLine}{result.Output}");
    }

    /// <summary>Every link rule of every run, with the run and its owner read from the comment.</summary>
    public static async Task<IReadOnlyList<FirewallRule>> ListAsync(CancellationToken ct) =>
        (await PartitionFirewall.ListAsync("iptables", [Table], CommentPrefix, ct)).Select(WithOwner).ToArray();

    /// <summary>Deletes every link rule of <paramref name="runId"/>; returns how many it deleted.</summary>
    public static async Task<int> RemoveRunAsync(string runId, CancellationToken ct)
    {
        var deleted = 0;
        foreach (var rule in (await ListAsync(ct)).Where(r => r.RunId == runId))
            if (await PartitionFirewall.DeleteAsync(rule, ct)) deleted++;
        return deleted;
    }

    private static string Comment(string runId, RunOwner owner) =>
        string.Create(CultureInfo.InvariantCulture, $"-m comment --comment {CommentPrefix}{runId}:{owner.Pid}:{owner.StartTicks}");

    private static string Hex(int value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>Splits <c>&lt;runId&gt;:&lt;pid&gt;:&lt;start&gt;</c>; a comment without an owner leaves the owner null.</summary>
    private static FirewallRule WithOwner(FirewallRule rule) =>
        rule.RunId.Split(':') is [var run, var pid, var start]
        && int.TryParse(pid, CultureInfo.InvariantCulture, out var p)
        && long.TryParse(start, CultureInfo.InvariantCulture, out var t)
            ? rule with { RunId = run, Owner = new RunOwner(p, t) }
            : rule;
}
