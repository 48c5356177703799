using System.Net;
using System.Net.Sockets;
using System.Diagnostics;
using EtcdLab.Driver.Network;

namespace EtcdLab.Driver.Tests;

/// <summary>A TCP listener on a loopback address that counts the connections that reach it (and
/// closes each at once): what a member's dial would find at an address the egress rules reject.</summary>
internal sealed class ConnectionCounter : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private int _count;

    public ConnectionCounter(string ip)
    {
        // Tests never listen for, or dial, anything outside loopback.
        Assert.True(LoopbackAddress.IsLoopback(ip), $"{ip} is not in 127.0.0.0/8");
        Ip = ip;
        _listener = new TcpListener(IPAddress.Parse(ip), 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptAsync();
    }

    public string Ip { get; }
    public int Port { get; }
    public string Url => $"http://{Ip}:{Port}";
    public int Count => Volatile.Read(ref _count);

    /// <summary>Time until the first connection, or null when none came within <paramref name="bound"/>.</summary>
    public async Task<TimeSpan?> FirstConnectionAsync(TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        while (Count == 0)
        {
            if (clock.Elapsed > bound) return null;
            await Task.Delay(20);
        }
        return clock.Elapsed;
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            try
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _count);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
