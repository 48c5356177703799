using System.Globalization;
using System.Net;
using EtcdLab.Core.Exceptions;

namespace EtcdLab.Driver.Network;

/// <summary>
/// One run's share of the loopback network: the addresses <c>127.S.x.y</c> and the member uids
/// <c>100000 + S*256 + i</c>. A slot is held through an exclusive lock on
/// <c>&lt;root&gt;/slots/S.lock</c> for as long as the run lives; the kernel drops the lock when the
/// process dies, so a crashed run never blocks a slot. Two runs at once therefore never share an
/// address, a uid or a firewall mark.
/// </summary>
public sealed class LoopbackSlot : IDisposable
{
    /// <summary>Lowest slot (127.0/16 is left alone: 127.0.0.1 is every program's localhost).</summary>
    public const int First = 1;

    /// <summary>Highest slot.</summary>
    public const int Last = 254;

    /// <summary>The most hosts one run may declare (one uid per host within the slot).</summary>
    public const int MaxHosts = 256;

    private const int UidBase = 100_000;

    private readonly FileStream _lock;

    private LoopbackSlot(int number, FileStream lockFile)
    {
        Number = number;
        _lock = lockFile;
    }

    /// <summary>The slot number S: the run's addresses are 127.S.x.y.</summary>
    public int Number { get; }

    /// <summary>Takes the lowest free slot, or exactly <paramref name="preferred"/> when given.</summary>
    /// <param name="root">The driver's data root; locks live in <c>root/slots/</c>.</param>
    /// <param name="preferred">A slot to take, or null for the lowest free one.</param>
    /// <exception cref="EnvironmentException">Every slot is taken, or <paramref name="preferred"/> is.</exception>
    public static LoopbackSlot Acquire(string root, int? preferred = null)
    {
        if (preferred is < First or > Last)
            throw new InputException($"Loopback slot {preferred} is out of range; use {First}..{Last} (the run's addresses are 127.S.x.y).");
        var dir = Path.Combine(root, "slots");
        Directory.CreateDirectory(dir);
        var candidates = preferred is { } p ? [p] : Enumerable.Range(First, Last - First + 1);
        foreach (var slot in candidates)
        {
            var path = Path.Combine(dir, slot.ToString(CultureInfo.InvariantCulture) + ".lock");
            try
            {
                // FileShare.None takes flock(LOCK_EX) on Unix: held until disposed or the process dies.
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                stream.SetLength(0);
                var owner = System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n");
                stream.Write(owner);
                stream.Flush();
                return new LoopbackSlot(slot, stream);
            }
            catch (IOException)
            {
                // Held by another run.
            }
        }

        throw preferred is { } taken
            ? new EnvironmentException($"Loopback slot {taken} is held by another EtcdLab run ({Path.Combine(dir, taken + ".lock")}). Leave the slot out to take a free one, or wait for that run to end.")
            : new EnvironmentException($"All loopback slots {First}..{Last} are held by other EtcdLab runs (locks in {dir}). Wait for some to end.");
    }

    /// <summary>Moves a loopback address into this slot: <c>127.a.x.y</c> becomes <c>127.S.x.y</c>.
    /// Scenarios declare 127.0.x.y; the runner moves them here before it builds the run.</summary>
    public string Rebase(string ip)
    {
        var bytes = LoopbackAddress.Parse(ip);
        return $"127.{Number}.{bytes[2]}.{bytes[3]}";
    }

    /// <summary>True when <paramref name="ip"/> lies in this slot's 127.S.0.0/16.</summary>
    public bool Contains(string ip) => IPAddress.TryParse(ip, out var a) && a.GetAddressBytes() is [127, var s, _, _] && s == Number;

    /// <summary>The uid the member on the host with index <paramref name="hostIndex"/> runs as:
    /// firewall rules tell members apart by uid because every loopback connection has source 127.0.0.1.</summary>
    public int MemberUid(int hostIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(hostIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(hostIndex, MaxHosts);
        return UidBase + Number * MaxHosts + hostIndex;
    }

    /// <summary>Every uid a member of this slot may run as, first and last: the egress rules of
    /// <see cref="EgressFirewall"/> match the whole range, so a host added later is covered too.</summary>
    public (int First, int Last) MemberUids => (MemberUid(0), MemberUid(MaxHosts - 1));

    /// <summary>The firewall mark of this slot's partitions; <paramref name="generation"/> changes with
    /// every new partition so that connections marked by an earlier one are not cut by a later one.</summary>
    internal uint FirewallMark(int generation) => 0x7E00_0000u | ((uint)Number << 8) | ((uint)generation & 0xFF);

    /// <summary>Releases the slot.</summary>
    public void Dispose() => _lock.Dispose();

    /// <inheritdoc />
    public override string ToString() => $"slot {Number} (127.{Number}.0.0/16)";
}
