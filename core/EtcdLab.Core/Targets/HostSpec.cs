namespace EtcdLab.Core.Targets;

/// <summary>One host: a name and its loopback address (127.x.y.z).</summary>
public sealed record HostSpec(string Name, string Ip)
{
    /// <summary>The conventional client URL of a host at <paramref name="ip"/>.</summary>
    public static string ClientUrl(string ip) => $"http://{ip}:2379";

    /// <summary>The conventional peer URL of a host at <paramref name="ip"/>.</summary>
    public static string PeerUrl(string ip) => $"http://{ip}:2380";

    /// <summary>The conventional client URL, <c>https</c> when <paramref name="tls"/>.</summary>
    public static string ClientUrl(string ip, bool tls) => $"{(tls ? "https" : "http")}://{ip}:2379";

    /// <summary>The conventional peer URL, <c>https</c> when <paramref name="tls"/>.</summary>
    public static string PeerUrl(string ip, bool tls) => $"{(tls ? "https" : "http")}://{ip}:2380";

    /// <summary>True when a URL list (a flag's value) holds an https URL.</summary>
    public static bool HasTls(string? urls) => urls is not null && urls.Contains("https://", StringComparison.Ordinal);

    /// <summary>True when <paramref name="flags"/> make etcd serve clients over TLS: an https listen
    /// URL, or (with EtcdLab's default URLs) a <c>--cert-file</c>.</summary>
    public static bool ServesClientTls(EtcdFlags flags) =>
        flags.Get("listen-client-urls") is { } urls ? HasTls(urls) : flags.Get("cert-file") is { Length: > 0 };

    /// <summary>True when <paramref name="flags"/> make etcd talk to its peers over TLS: an https
    /// listen peer URL, or (with EtcdLab's default URLs) a <c>--peer-cert-file</c>.</summary>
    public static bool ServesPeerTls(EtcdFlags flags) =>
        flags.Get("listen-peer-urls") is { } urls ? HasTls(urls) : flags.Get("peer-cert-file") is { Length: > 0 };
}
