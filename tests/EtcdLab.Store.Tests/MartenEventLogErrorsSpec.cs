using System.Net;
using System.Net.Sockets;
using EtcdLab.Core.Exceptions;
using EtcdLab.Store.Marten;

namespace EtcdLab.Store.Tests;

/// <summary>Errors an operator meets before any database answers; none of these needs a server.</summary>
public sealed class MartenEventLogErrorsSpec
{
    [Fact]
    public void PostgreSql_should_fail_with_EnvironmentException_when_no_server_answers()
    {
        var port = UnusedLoopbackPort();

        var error = Assert.Throws<EnvironmentException>(() =>
            MartenEventLog.Open($"Host=127.0.0.1;Port={port};Database=etcdlab;Username=etcdlab;Password=s3cret;Timeout=3"));

        Assert.Contains($"Cannot open the event store in the PostgreSQL database 'etcdlab' on 127.0.0.1:{port}", error.Message);
        Assert.Contains("scripts/ensure-postgres.sh", error.Message);
        Assert.Contains("NpgsqlException", error.Details);
        Assert.DoesNotContain("s3cret", error.Describe());
    }

    [Fact]
    public void PostgreSql_should_fail_with_EnvironmentException_when_the_connection_string_is_malformed()
    {
        var error = Assert.Throws<EnvironmentException>(() => MartenEventLog.Open("Hots=127.0.0.1;Password=s3cret"));

        Assert.Contains("connection string of the event store is malformed", error.Message);
        Assert.Contains("Host=127.0.0.1;Port=55432", error.Message);
        Assert.DoesNotContain("s3cret", error.Describe());
    }

    private static int UnusedLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
