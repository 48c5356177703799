using System.Net;
using EtcdLab.Core.Exceptions;

namespace EtcdLab.Driver.Network;

/// <summary>Checks on member addresses: every member address must be in 127.0.0.0/8, so that no
/// traffic leaves the machine.</summary>
public static class LoopbackAddress
{
    /// <summary>The four bytes of <paramref name="ip"/>.</summary>
    /// <exception cref="InputException"><paramref name="ip"/> is not an IPv4 address in 127.0.0.0/8.</exception>
    public static byte[] Parse(string ip)
    {
        if (!IPAddress.TryParse(ip, out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork
            || address.GetAddressBytes()[0] != 127)
            throw new InputException($"Address '{ip}' is not a loopback address; the docker target runs every member on 127.x.y.z so that no traffic leaves the machine.");
        return address.GetAddressBytes();
    }

    /// <summary>True when <paramref name="ip"/> is an IPv4 address in 127.0.0.0/8.</summary>
    public static bool IsLoopback(string ip) =>
        IPAddress.TryParse(ip, out var a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && a.GetAddressBytes()[0] == 127;
}
