using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace EtcdLab.Store.Configuration;

/// <summary>An embedded SQLite file: nothing to install, one file per store.</summary>
internal sealed class SqliteDatabase : StoreDatabase
{
    /// <summary>Written into the file's header (<c>PRAGMA application_id</c>) so that <c>file</c> and
    /// SQLite tools can tell an EtcdLab store; the write also proves the file takes writes.</summary>
    private const int ApplicationId = 0x45_4C_41_42; // "ELAB"

    /// <summary>A store in the file <paramref name="path"/>, created when missing.</summary>
    public SqliteDatabase(string path)
    {
        FullPath = Path.GetFullPath(path);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
        }.ToString();
    }

    /// <summary>Absolute path of the database file.</summary>
    public string FullPath { get; }

    /// <inheritdoc />
    public override string ConnectionString { get; }

    /// <inheritdoc />
    public override string Description => $"SQLite database {FullPath}";

    /// <inheritdoc />
    public override string Remedy =>
        "Choose a database file in a directory you can write to (the default is reports/etcdlab.db), or free the file if another program holds it.";

    /// <inheritdoc />
    public override DbConnection CreateConnection() => new SqliteConnection(ConnectionString);

    /// <summary>An open connection that waits up to <paramref name="busyTimeoutSeconds"/> for another
    /// writer's lock instead of failing with "database is locked".</summary>
    public SqliteConnection OpenConnection(int busyTimeoutSeconds)
    {
        var connection = new SqliteConnection(ConnectionString) { DefaultTimeout = busyTimeoutSeconds };
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {busyTimeoutSeconds * 1000};";
        command.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Creates the file's directory, then proves the file takes writes: SQLite opens a file it
    /// may not write read-only without a word, and only the first insert would fail.</summary>
    public override void Probe()
    {
        var directory = Path.GetDirectoryName(FullPath);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        base.Probe();
    }

    /// <inheritdoc />
    protected override string ProbeSql => $"PRAGMA application_id = {ApplicationId};";

    /// <inheritdoc />
    public override void ReleaseConnections()
    {
        using var connection = new SqliteConnection(ConnectionString);
        SqliteConnection.ClearPool(connection);
    }
}
