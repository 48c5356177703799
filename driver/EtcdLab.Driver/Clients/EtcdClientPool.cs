using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using dotnet_etcd;
using EtcdLab.Core.Targets;
using dotnet_etcd.interfaces;
using EtcdLab.Driver.Network;
using Grpc.Net.Client;

namespace EtcdLab.Driver.Clients;

/// <summary>
/// One dotnet-etcd client per endpoint URL, created on first use and kept for the run. The channels
/// are built here rather than by dotnet-etcd's connection-string constructor so that nothing retries
/// behind the caller's back: dotnet-etcd's default policy retries <c>Unavailable</c> five times (which
/// would hide <c>etcdserver: unhealthy cluster</c>), and Grpc.Net.Client's load balancer backs off for
/// seconds after a refused connect (which would delay noticing a member that just started).
/// </summary>
public sealed class EtcdClientPool : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<(GrpcChannel Channel, EtcdClient Client)>> _clients = new(StringComparer.Ordinal);
    private volatile TlsIdentity? _tls;

    /// <summary>From now on, https endpoints trust the CA of <paramref name="credentials"/> (and only
    /// it) and present its client certificate, as etcdctl does with <c>--cacert</c>, <c>--cert</c>
    /// and <c>--key</c>. Clients already made for https endpoints are closed and made again.</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The PEM texts hold no certificate, key or CA.</exception>
    public void UseCredentials(ClientCredentials credentials)
    {
        _tls = TlsIdentity.From(credentials);
        foreach (var (endpoint, lazy) in _clients)
            if (endpoint.StartsWith("https:", StringComparison.Ordinal) && _clients.TryRemove(endpoint, out _) && lazy.IsValueCreated)
            {
                lazy.Value.Client.Dispose();
                lazy.Value.Channel.Dispose();
            }
    }

    /// <summary>The client for <paramref name="endpoint"/> (<c>http://127.x.y.z:2379</c>).</summary>
    /// <exception cref="ArgumentException">The endpoint is not an http URL on a loopback address.</exception>
    public EtcdClient For(string endpoint) => _clients.GetOrAdd(endpoint, e => new(() => Create(e))).Value.Client;

    /// <summary>The gRPC service clients of <paramref name="endpoint"/>.</summary>
    public IConnection Connection(string endpoint) => For(endpoint).GetConnection();

    /// <summary>True when <paramref name="endpoint"/> is an http or https URL whose host is a 127.x address:
    /// the only endpoints this driver dials (nothing of a run lives anywhere else).</summary>
    public static bool IsDialable(string endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && LoopbackAddress.IsLoopback(uri.Host);

    private (GrpcChannel, EtcdClient) Create(string endpoint)
    {
        if (!IsDialable(endpoint))
            throw new ArgumentException($"endpoint '{endpoint}' is not http(s)://127.x.y.z:port", nameof(endpoint));
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        if (endpoint.StartsWith("https:", StringComparison.Ordinal))
        {
            // Without credentials the harness trusts nothing, as etcdctl without --cacert trusts only
            // the system's roots: the handshake fails and the call says so.
            var tls = _tls;
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = tls is null ? null : [tls.Certificate],
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => tls is not null && tls.Trusts(certificate, errors),
            };
        }
        var http = new HttpClient(handler)
        {
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        // Giving an HttpClient (not a handler) keeps Grpc.Net.Client on its plain path: every call
        // goes straight to the socket handler, no subchannel state, no reconnect backoff.
        var channel = GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions
        {
            HttpClient = http,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = 256 * 1024 * 1024,
        });
        return (channel, new EtcdClient(channel.CreateCallInvoker()));
    }

    /// <summary>Closes every channel.</summary>
    public void Dispose()
    {
        foreach (var lazy in _clients.Values.Where(l => l.IsValueCreated))
        {
            lazy.Value.Client.Dispose();
            lazy.Value.Channel.Dispose();
        }
        _clients.Clear();
    }
}
