namespace EtcdLab.Core.Targets;

/// <summary>One host: a name and its loopback address (127.x.y.z).</summary>
public sealed record HostSpec(string Name, string Ip)
{
    /// <summary>The conventional client URL of a host at <paramref name="ip"/>.</summary>
    public static string ClientUrl(string ip) => $"http://{ip}:2379";

    /// <summary>The conventional peer URL of a host at <paramref name="ip"/>.</summary>
    public static string PeerUrl(string ip) => $"http://{ip}:2380";
}
