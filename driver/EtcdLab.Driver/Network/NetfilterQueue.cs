using System.Buffers.Binary;
using System.Runtime.InteropServices;
using EtcdLab.Core.Exceptions;

namespace EtcdLab.Driver.Network;

/// <summary>
/// One netfilter queue (iptables <c>-j NFQUEUE --queue-num N</c>) bound over a netlink socket: packets
/// the kernel hands over are read with their id and mark, and released (or dropped) later by verdict,
/// in any order. Only packet metadata is copied, never a payload. Spoken directly in netlink (what
/// libnetfilter_queue wraps), so the driver needs no native library beyond libc.
/// </summary>
/// <remarks>Not thread-safe: one thread reads and gives verdicts (see <see cref="PeerDelayQueue"/>).</remarks>
internal sealed partial class NetfilterQueue : IDisposable
{
    private const int AfNetlink = 16;
    private const int SockRaw = 3;
    private const int SockCloexec = 0x80000;
    private const int NetlinkNetfilter = 12;
    private const int SolSocket = 1;
    private const int SoRcvbufforce = 33;
    private const int SolNetlink = 270;
    private const int NetlinkNoEnobufs = 5;
    private const int MsgDontwait = 0x40;
    private const int Eagain = 11;
    private const int Eintr = 4;
    private const short Pollin = 1;

    private const ushort NlmFRequest = 1;
    private const ushort NlmFAck = 4;
    private const ushort NlmsgError = 2;
    private const int NfnlSubsysQueue = 3;
    private const ushort MsgPacket = NfnlSubsysQueue << 8 | 0;
    private const ushort MsgVerdict = NfnlSubsysQueue << 8 | 1;
    private const ushort MsgConfig = NfnlSubsysQueue << 8 | 2;
    private const ushort AttrConfigCommand = 1;
    private const ushort AttrConfigParams = 2;
    private const ushort AttrConfigQueueMaxLength = 3;
    private const ushort AttrConfigMask = 4;
    private const ushort AttrConfigFlags = 5;
    private const ushort AttrPacketHeader = 1;
    private const ushort AttrVerdictHeader = 2;
    private const ushort AttrMark = 3;
    private const byte CommandBind = 1;
    private const byte CopyMeta = 1;
    // Accept instead of drop when the queue is full; hand GSO packets over whole, as they are.
    private const uint FlagFailOpen = 1;
    private const uint FlagGso = 4;

    /// <summary>Accept verdict: the packet goes on its way.</summary>
    public const uint Accept = 1;

    /// <summary>Drop verdict.</summary>
    public const uint Drop = 0;

    private readonly int _fd;
    private readonly byte[] _receive = new byte[1 << 16];
    private readonly byte[] _send = new byte[1 << 16];
    private int _sendLength;
    private uint _sequence;

    private NetfilterQueue(int fd, ushort number)
    {
        _fd = fd;
        Number = number;
    }

    /// <summary>The queue number (iptables <c>--queue-num</c>).</summary>
    public ushort Number { get; }

    /// <summary>Binds queue <paramref name="number"/>: from now on the kernel queues the packets iptables sends there here.</summary>
    /// <exception cref="EnvironmentException">No netlink socket (not root, or a kernel without NFQUEUE), or another program holds the queue.</exception>
    public static NetfilterQueue Bind(ushort number, int maxPackets)
    {
        var fd = socket(AfNetlink, SockRaw | SockCloexec, NetlinkNetfilter);
        if (fd < 0)
            throw new EnvironmentException(
                $"Could not open a netfilter netlink socket (errno {Marshal.GetLastPInvokeError()}). Delaying peer packets on the docker target needs root and a kernel with NFQUEUE (CONFIG_NETFILTER_NETLINK_QUEUE).");
        var queue = new NetfilterQueue(fd, number);
        try
        {
            var address = new SockAddrNl { Family = AfNetlink };
            if (bind(fd, ref address, Marshal.SizeOf<SockAddrNl>()) != 0)
                throw new EnvironmentException($"Could not bind a netfilter netlink socket (errno {Marshal.GetLastPInvokeError()}).");
            // Packets wait here while they are delayed; a full socket buffer must not cost the queue.
            var size = 8 << 20;
            setsockopt(fd, SolSocket, SoRcvbufforce, ref size, sizeof(int));
            var on = 1;
            setsockopt(fd, SolNetlink, NetlinkNoEnobufs, ref on, sizeof(int));

            Span<byte> command = [CommandBind, 0, 0, 2]; // AF_INET, big-endian
            queue.Configure(command, AttrConfigCommand, "bind");
            Span<byte> parameters = stackalloc byte[5];
            BinaryPrimitives.WriteUInt32BigEndian(parameters, 0);
            parameters[4] = CopyMeta;
            queue.Configure(parameters, AttrConfigParams, "set the copy mode of");
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)maxPackets);
            queue.Configure(length, AttrConfigQueueMaxLength, "size");
            Span<byte> flags = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(flags, FlagFailOpen | FlagGso);
            queue.Configure(flags, AttrConfigFlags, "set the flags of", mask: flags);
            return queue;
        }
        catch
        {
            queue.Dispose();
            throw;
        }
    }

    /// <summary>Waits up to <paramref name="timeoutMs"/> for queued packets and reads what arrived,
    /// calling <paramref name="onPacket"/> with each packet's id and mark. Returns how many it read.</summary>
    public int Receive(int timeoutMs, Action<uint, uint> onPacket)
    {
        var poll = new PollFd { Fd = _fd, Events = Pollin };
        if (poll_(ref poll, 1, timeoutMs) <= 0) return 0;
        var count = 0;
        while (true)
        {
            var n = (int)recv(_fd, _receive, _receive.Length, MsgDontwait);
            if (n < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno is Eagain or Eintr) return count;
                throw new IOException($"reading netfilter queue {Number} failed (errno {errno})");
            }
            count += Parse(_receive.AsSpan(0, n), onPacket);
        }
    }

    /// <summary>Adds a verdict for packet <paramref name="id"/> to the batch <see cref="Flush"/> sends.</summary>
    public void Verdict(uint id, uint verdict)
    {
        if (_sendLength + 40 > _send.Length) Flush();
        var message = _send.AsSpan(_sendLength);
        var length = WriteHeader(message, MsgVerdict, NlmFRequest, 12);
        var attribute = message[20..];
        WriteAttributeHeader(attribute, AttrVerdictHeader, 8);
        BinaryPrimitives.WriteUInt32BigEndian(attribute[4..], verdict);
        BinaryPrimitives.WriteUInt32BigEndian(attribute[8..], id);
        _sendLength += length;
    }

    /// <summary>Sends the verdicts added since the last flush.</summary>
    public void Flush()
    {
        if (_sendLength == 0) return;
        var sent = send(_fd, _send, _sendLength, 0);
        _sendLength = 0;
        if (sent < 0) throw new IOException($"giving verdicts to netfilter queue {Number} failed (errno {Marshal.GetLastPInvokeError()})");
    }

    /// <summary>Closes the socket; the kernel unbinds the queue and drops what it still held.</summary>
    public void Dispose() => close(_fd);

    private int Parse(ReadOnlySpan<byte> buffer, Action<uint, uint> onPacket)
    {
        var count = 0;
        while (buffer.Length >= 16)
        {
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(buffer);
            var type = BinaryPrimitives.ReadUInt16LittleEndian(buffer[4..]);
            if (length < 16 || length > buffer.Length) break;
            if (type == MsgPacket)
            {
                uint? id = null;
                uint mark = 0;
                var attributes = buffer[20..length]; // after nlmsghdr (16) and nfgenmsg (4)
                while (attributes.Length >= 4)
                {
                    var attributeLength = BinaryPrimitives.ReadUInt16LittleEndian(attributes);
                    var attributeType = BinaryPrimitives.ReadUInt16LittleEndian(attributes[2..]) & 0x3FFF;
                    if (attributeLength < 4 || attributeLength > attributes.Length) break;
                    if (attributeType == AttrPacketHeader) id = BinaryPrimitives.ReadUInt32BigEndian(attributes[4..]);
                    else if (attributeType == AttrMark) mark = BinaryPrimitives.ReadUInt32BigEndian(attributes[4..]);
                    attributes = attributes[Math.Min(attributes.Length, (attributeLength + 3) & ~3)..];
                }
                if (id is { } packet)
                {
                    onPacket(packet, mark);
                    count++;
                }
            }
            buffer = buffer[Math.Min(buffer.Length, (length + 3) & ~3)..];
        }
        return count;
    }

    /// <summary>Sends one configuration attribute (with its mask, for flags) and waits for the kernel's acknowledgement.</summary>
    private void Configure(ReadOnlySpan<byte> value, ushort attributeType, string what, ReadOnlySpan<byte> mask = default)
    {
        var attributes = Align(4 + value.Length) + (mask.IsEmpty ? 0 : Align(4 + mask.Length));
        var message = new byte[20 + attributes];
        WriteHeader(message, MsgConfig, NlmFRequest | NlmFAck, attributes);
        var at = 20;
        WriteAttributeHeader(message.AsSpan(at), attributeType, value.Length);
        value.CopyTo(message.AsSpan(at + 4));
        at += Align(4 + value.Length);
        if (!mask.IsEmpty)
        {
            WriteAttributeHeader(message.AsSpan(at), AttrConfigMask, mask.Length);
            mask.CopyTo(message.AsSpan(at + 4));
        }
        if (send(_fd, message, message.Length, 0) < 0)
            throw new EnvironmentException($"Could not {what} netfilter queue {Number} (errno {Marshal.GetLastPInvokeError()}).");
        var sequence = _sequence;
        var poll = new PollFd { Fd = _fd, Events = Pollin };
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (poll_(ref poll, 1, 100) <= 0) continue;
            var n = (int)recv(_fd, _receive, _receive.Length, 0);
            if (n < 16) continue;
            var reply = _receive.AsSpan(0, n);
            if (BinaryPrimitives.ReadUInt16LittleEndian(reply[4..]) != NlmsgError || BinaryPrimitives.ReadUInt32LittleEndian(reply[8..]) != sequence) continue;
            var error = -BinaryPrimitives.ReadInt32LittleEndian(reply[16..]);
            if (error == 0) return;
            throw new EnvironmentException(error == 16 // EBUSY
                ? $"Netfilter queue {Number} is held by another program; the docker target delays a run's peer packets through the queue of its loopback slot. Stop that program or run in another slot."
                : $"Could not {what} netfilter queue {Number} (errno {error}). Delaying peer packets on the docker target needs root and a kernel with NFQUEUE.");
        }
        throw new EnvironmentException($"The kernel did not acknowledge the request to {what} netfilter queue {Number} within 5 s.");
    }

    private int WriteHeader(Span<byte> message, ushort type, ushort flags, int attributesLength)
    {
        var length = 20 + attributesLength;
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)length);
        BinaryPrimitives.WriteUInt16LittleEndian(message[4..], type);
        BinaryPrimitives.WriteUInt16LittleEndian(message[6..], flags);
        BinaryPrimitives.WriteUInt32LittleEndian(message[8..], ++_sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(message[12..], 0);
        message[16] = 0; // AF_UNSPEC
        message[17] = 0; // NFNETLINK_V0
        BinaryPrimitives.WriteUInt16BigEndian(message[18..], Number);
        return length;
    }

    private static void WriteAttributeHeader(Span<byte> attribute, ushort type, int valueLength)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(attribute, (ushort)(4 + valueLength));
        BinaryPrimitives.WriteUInt16LittleEndian(attribute[2..], type);
    }

    private static int Align(int length) => (length + 3) & ~3;

    [StructLayout(LayoutKind.Sequential)]
    private struct SockAddrNl
    {
        public ushort Family;
        public ushort Pad;
        public uint Pid;
        public uint Groups;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int socket(int domain, int type, int protocol);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int bind(int fd, ref SockAddrNl address, int length);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setsockopt(int fd, int level, int name, ref int value, int length);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint send(int fd, byte[] buffer, nint length, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint recv(int fd, byte[] buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int poll_(ref PollFd fds, nuint count, int timeoutMs);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
