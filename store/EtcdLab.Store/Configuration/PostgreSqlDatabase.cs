using System.Data.Common;
using Npgsql;

namespace EtcdLab.Store.Configuration;

/// <summary>A shared PostgreSQL database, reached with Npgsql.</summary>
internal sealed class PostgreSqlDatabase : StoreDatabase
{
    private readonly NpgsqlConnectionStringBuilder _builder;

    /// <summary>A store in the database <paramref name="connectionString"/> names (Npgsql's
    /// <c>Host=...;Port=...;Database=...;Username=...;Password=...</c> form).</summary>
    /// <exception cref="ArgumentException">The connection string is malformed.</exception>
    public PostgreSqlDatabase(string connectionString)
    {
        _builder = new NpgsqlConnectionStringBuilder(connectionString);
        ConnectionString = _builder.ConnectionString;
    }

    /// <inheritdoc />
    public override string ConnectionString { get; }

    /// <inheritdoc />
    public override string Description =>
        $"PostgreSQL database '{_builder.Database}' on {_builder.Host}:{_builder.Port} as user '{_builder.Username}'";

    /// <inheritdoc />
    public override string Remedy =>
        "Check that PostgreSQL runs, that the connection string names it, and that its user may create tables in that database (the store creates its own on first open); scripts/ensure-postgres.sh starts a throwaway server and prints a connection string for ETCDLAB_PG.";

    /// <inheritdoc />
    public override DbConnection CreateConnection() => new NpgsqlConnection(ConnectionString);

    /// <inheritdoc />
    public override void ReleaseConnections()
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        NpgsqlConnection.ClearPool(connection);
    }
}
