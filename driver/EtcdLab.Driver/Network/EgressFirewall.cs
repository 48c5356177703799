using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Hygiene;
using EtcdLab.Driver.Docker;

namespace EtcdLab.Driver.Network;

/// <summary>
/// Holds every etcd process of a run to loopback in the network itself, whatever a scenario makes
/// etcd dial (<c>member add --peer-urls=http://&lt;public address&gt;:2380</c> made real etcd open raft
/// streams through the machine's outer interface). The load-time address checks are the first wall;
/// these filter OUTPUT rules are the second, and hold even if those checks miss something.
/// </summary>
/// <remarks>
/// <para>The rules match the whole uid range of the run's slot (<see cref="LoopbackSlot.MemberUids"/>),
/// so they cover every member and every host added later, and REJECT rather than DROP so that etcd
/// learns at once ("connection refused"), as when nothing listens, instead of hanging in a dial:</para>
/// <list type="number">
/// <item>The wall: every packet whose destination is outside 127.0.0.0/8, in any connection state,
/// replies included. It matches the destination after NAT, so a DNAT rule cannot lead a member out.</item>
/// <item>The inside network (only when narrower than 127.0.0.0/8, for tests): every packet to a
/// destination outside it that is not part of a connection someone else opened. Members must still
/// answer the driver and each other, whose connections leave from 127.0.0.1, so answers on established
/// connections pass; everything a member starts itself (a TCP dial, a datagram) is rejected.</item>
/// <item>When the kernel has IPv6, in ip6tables: every packet whose destination is not ::1.</item>
/// </list>
/// <para>Name lookups of members hit the rules too: a peer URL with a host name fails unless the
/// resolver in the containers' resolv.conf is inside the allowed network. A resolver on 127.0.0.53 may
/// still forward the query outside as its own uid; the member itself sends nothing out.</para>
/// <para>Rule order: the rules go to the top of filter OUTPUT before any member starts. What EtcdLab
/// inserts above them later (partitions, bootstrap fences, other runs' rules) only DROPs or REJECTs, so
/// every packet of a member that nothing else stopped reaches them. Only an ACCEPT that another program
/// inserts above them in the same chain could let a packet past; an ACCEPT in another table or
/// nftables chain cannot, since a drop or reject anywhere is final.</para>
/// <para>Every rule carries the comment <c>etcdlab-egress:&lt;runId&gt;:&lt;owner pid&gt;:&lt;owner start&gt;</c>,
/// a prefix other than the partitions' <c>etcdlab:</c>, so that healing a partition never lifts it. The
/// cluster's dispose removes the rules; after a SIGKILL the reaper of a later run does, once the owner
/// named in the comment is gone. The rules name their owner themselves because they exist before any
/// container does, and a run may keep its disks under another data root than the reaper looks at.</para>
/// </remarks>
internal static class EgressFirewall
{
    /// <summary>Start of the comment of every egress rule; the run id follows.</summary>
    public const string CommentPrefix = "etcdlab-egress:";

    /// <summary>127.0.0.0/8: where members may send packets at all.</summary>
    public static readonly IPNetwork Loopback = new(IPAddress.Parse("127.0.0.0"), 8);

    private const string Ipv6Loopback = "::1/128";
    private const string Ipv6Marker = "/proc/net/if_inet6";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);

    /// <summary>True when the kernel has IPv6 (then <c>/proc/net/if_inet6</c> exists, even with no address).</summary>
    public static bool KernelHasIpv6 => File.Exists(Ipv6Marker);

    /// <summary>Reads an allowed network: an IPv4 CIDR inside 127.0.0.0/8, such as <c>127.5.0.0/16</c>.</summary>
    /// <exception cref="InputException">Not a CIDR, or not inside 127.0.0.0/8.</exception>
    public static IPNetwork ParseInsideNetwork(string cidr)
    {
        // Only the canonical form: .NET reads 127.5.0.1/16 as 127.5.0.0/16, which may not be what was meant.
        if (!IPNetwork.TryParse(cidr, out var network) || network.BaseAddress.AddressFamily != AddressFamily.InterNetwork
            || network.ToString() != cidr)
            throw new InputException(
                $"Inside network '{cidr}' is not an IPv4 network in CIDR form; write it like 127.0.0.0/8 or 127.5.0.0/16 (host bits zero).");
        if (network.PrefixLength < Loopback.PrefixLength || !Loopback.Contains(network.BaseAddress))
            throw new InputException(
                $"Inside network '{cidr}' is not inside 127.0.0.0/8; members may only ever talk to loopback addresses, so the allowed network can only narrow 127.0.0.0/8 (for example 127.5.0.0/16).");
        return network;
    }

    /// <summary>Adds the run's rules: members of <paramref name="uids"/> reach nothing outside loopback,
    /// and start nothing outside <paramref name="inside"/>.</summary>
    /// <exception cref="EnvironmentException">iptables (or, with IPv6 on, ip6tables) is missing or refused the rules.</exception>
    public static Task InstallAsync(string runId, (int First, int Last) uids, IPNetwork inside, CancellationToken ct) =>
        InstallAsync(runId, uids, inside, Loopback, RunOwner.Current, ct);

    /// <summary>As <see cref="InstallAsync(string, ValueTuple{int, int}, IPNetwork, CancellationToken)"/>, with
    /// the stateless wall at <paramref name="wall"/> instead of 127.0.0.0/8 (a test narrows it to check the
    /// wall's own rule with a destination inside 127/8, never with a real outside address) and
    /// <paramref name="runOwner"/> named as the owner (a test names a dead one).</summary>
    internal static async Task InstallAsync(string runId, (int First, int Last) uids, IPNetwork inside, IPNetwork wall, RunOwner runOwner, CancellationToken ct)
    {
        var owner = string.Create(CultureInfo.InvariantCulture, $"-m owner --uid-owner {uids.First}-{uids.Last}");
        var comment = string.Create(CultureInfo.InvariantCulture, $"-m comment --comment {CommentPrefix}{runId}:{runOwner.Pid}:{runOwner.StartTicks}");
        var v4 = new StringBuilder("*filter\n");
        v4.Append(CultureInfo.InvariantCulture, $"-I OUTPUT ! -d {wall} {owner} {comment} -j REJECT\n");
        if (inside != wall)
            v4.Append(CultureInfo.InvariantCulture, $"-I OUTPUT ! -d {inside} {owner} -m conntrack ! --ctstate ESTABLISHED,RELATED {comment} -j REJECT\n");
        v4.Append("COMMIT\n");
        var result = await ProcessRunner.RunAsync("iptables-restore", ["-w", "--noflush"], CommandTimeout, ct, v4.ToString());
        if (!result.Ok)
            throw new EnvironmentException(
                "Could not add the egress rules that keep the run's members on loopback. The docker target needs root and iptables "
                + "with the owner, conntrack and comment matches and the REJECT target (Debian: apt-get install iptables; run as root).",
                $"iptables-restore -w --noflush <<EOF{Environment.NewLine}{v4}EOF{Environment.NewLine}{result.Output}");
        if (!KernelHasIpv6) return;

        var v6 = $"*filter\n-I OUTPUT ! -d {Ipv6Loopback} {owner} {comment} -j REJECT\nCOMMIT\n";
        result = await ProcessRunner.RunAsync("ip6tables-restore", ["-w", "--noflush"], CommandTimeout, ct, v6);
        if (!result.Ok)
        {
            await RemoveRunAsync(runId, CancellationToken.None);
            throw new EnvironmentException(
                $"This kernel has IPv6 ({Ipv6Marker} exists), so the docker target must also keep the run's members off IPv6, but ip6tables "
                + "could not add its rule. Install ip6tables with the owner and comment matches (Debian: apt-get install iptables, which "
                + "ships ip6tables) and run as root, or turn IPv6 off (boot with ipv6.disable=1).",
                $"ip6tables-restore -w --noflush <<EOF{Environment.NewLine}{v6}EOF{Environment.NewLine}{result.Output}");
        }
    }

    /// <summary>Every egress rule of every run, IPv4 and IPv6, with the run and its owner read from the comment.</summary>
    public static async Task<IReadOnlyList<FirewallRule>> ListAsync(CancellationToken ct)
    {
        IEnumerable<FirewallRule> rules = await PartitionFirewall.ListAsync("iptables", ["filter"], CommentPrefix, ct);
        if (KernelHasIpv6) rules = rules.Concat(await PartitionFirewall.ListAsync("ip6tables", ["filter"], CommentPrefix, ct));
        return rules.Select(WithOwner).ToArray();
    }

    /// <summary>Splits <c>&lt;runId&gt;:&lt;pid&gt;:&lt;start&gt;</c> (run ids hold no colon); a comment
    /// without an owner leaves <see cref="FirewallRule.Owner"/> null, so the reaper judges it by its run.</summary>
    private static FirewallRule WithOwner(FirewallRule rule) =>
        rule.RunId.Split(':') is [var run, var pid, var start]
        && int.TryParse(pid, CultureInfo.InvariantCulture, out var p)
        && long.TryParse(start, CultureInfo.InvariantCulture, out var t)
            ? rule with { RunId = run, Owner = new RunOwner(p, t) }
            : rule;

    /// <summary>Deletes the egress rules of <paramref name="runId"/>; returns how many it deleted.</summary>
    public static async Task<int> RemoveRunAsync(string runId, CancellationToken ct)
    {
        var deleted = 0;
        foreach (var rule in (await ListAsync(ct)).Where(r => r.RunId == runId))
            if (await PartitionFirewall.DeleteAsync(rule, ct)) deleted++;
        return deleted;
    }
}
