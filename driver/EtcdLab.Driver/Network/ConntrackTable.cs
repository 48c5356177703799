using EtcdLab.Core.Exceptions;
using EtcdLab.Driver.Docker;

namespace EtcdLab.Driver.Network;

/// <summary>
/// Forgets the kernel's connection-tracking entries of a slot's peer connections, so that no run
/// inherits the conntrack marks of an earlier one.
/// </summary>
/// <remarks>
/// <para>Partitions and degraded links work by conntrack marks (<see cref="PartitionFirewall"/>,
/// <see cref="LinkFirewall"/>), and the marks of a slot repeat from run to run (the slot number and
/// the partition's generation). Every peer connection leaves from 127.0.0.1, so its entry is told
/// apart only by the ephemeral port and the destination. An entry outlives its run: a connection cut
/// by a partition never closes, so the kernel keeps it ESTABLISHED for
/// <c>nf_conntrack_tcp_timeout_established</c> (five days by default). After a few dozen runs a
/// slot holds hundreds of them. When a new connection of a later run draws the same ephemeral port to
/// the same member, the kernel files it under the old entry and its old mark: while that run's
/// partition of the same generation is in force, the connection is dropped although its two members
/// are on the same side. etcd then sees a link that was never cut flap, and a
/// <c>member add</c> keeps failing with "unhealthy cluster" for longer than the runbook's retries
/// (a CI run of partition-then-remove did, once).</para>
/// <para>The fix is to delete the slot's entries before the run's first member starts and after its
/// last one is gone. The slot is locked by the run (<see cref="LoopbackSlot"/>), so nothing live is
/// touched; an entry deleted under a live connection is picked up again by its next packet, unmarked.</para>
/// </remarks>
internal static class ConntrackTable
{
    private const int PeerPort = 2380;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Deletes the tracking entries of every connection to a peer port in the slot's
    /// <c>127.S.0.0/16</c>. Returns false when the <c>conntrack</c> tool is not installed.</summary>
    /// <exception cref="EnvironmentException">conntrack is installed but cannot delete entries (not root).</exception>
    public static async Task<bool> ForgetSlotAsync(LoopbackSlot slot, CancellationToken ct)
    {
        var network = $"127.{slot.Number}.0.0";
        var port = PeerPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // An entry's "original" direction is that of the first packet the kernel saw. Usually that is the
        // dial (127.0.0.1 -> member:2380), but an entry lost mid-connection is picked up again from
        // whichever side sends next, so the member's answer (member:2380 -> 127.0.0.1) can be the original.
        if (!await DeleteAsync(["--orig-dst", network, "--mask-dst", "255.255.0.0", "--orig-port-dst", port], ct)) return false;
        return await DeleteAsync(["--orig-src", network, "--mask-src", "255.255.0.0", "--orig-port-src", port], ct);
    }

    private static async Task<bool> DeleteAsync(string[] filter, CancellationToken ct)
    {
        var result = await ProcessRunner.RunAsync("conntrack", ["-D", "-p", "tcp", .. filter], CommandTimeout, ct);
        if (result.ExitCode == 127) return false;
        // conntrack exits 1 when nothing matched ("0 flow entries have been deleted").
        if (result.Ok || result.Output.Contains("flow entries have been deleted", StringComparison.Ordinal)) return true;
        throw new EnvironmentException(
            "Could not delete the connection-tracking entries of the run's loopback slot. The docker target needs root and "
            + "the conntrack tool (Debian: apt-get install conntrack).",
            $"conntrack -D -p tcp {string.Join(' ', filter)}{Environment.NewLine}{result.Output}");
    }

    /// <summary>The message when a run needs marks (a partition, a degraded link) and conntrack is missing.</summary>
    public static EnvironmentException Missing(string what) => new(
        $"This scenario {what}, which the docker target does with conntrack marks, and the conntrack tool is not installed: "
        + "without it, entries left by earlier runs can cut connections that the scenario never cut. "
        + "Install it (Debian: apt-get install conntrack; scripts/ensure-docker.sh does) and run again.");
}
