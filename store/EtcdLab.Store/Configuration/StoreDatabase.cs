using System.Data.Common;

namespace EtcdLab.Store.Configuration;

/// <summary>
/// One database the store can live in: what linq2db needs to reach it, how to say which one it is
/// in a message (without secrets), a check made before any actor starts that it can be used, and
/// the one query the journal plugin has no fast form of.
/// </summary>
internal abstract class StoreDatabase
{
    /// <summary>linq2db's provider name, for example <c>SQLite.MS</c>.</summary>
    public abstract string ProviderName { get; }

    /// <summary>The ADO.NET connection string.</summary>
    public abstract string ConnectionString { get; }

    /// <summary>Names the database for an operator, without passwords.</summary>
    public abstract string Description { get; }

    /// <summary>What the operator can do when the database cannot be used.</summary>
    public abstract string Remedy { get; }

    /// <summary>How many batches the journal may write at once.</summary>
    public virtual int WriteParallelism => 3;

    /// <summary>A new, closed connection to the database.</summary>
    protected abstract DbConnection CreateConnection();

    /// <summary>Opens a connection and proves the database answers (and, where that can fail, that it
    /// takes writes); throws the provider's exception when it does not.</summary>
    public virtual void Probe()
    {
        using var connection = CreateConnection();
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = ProbeSql;
        command.ExecuteNonQuery();
    }

    /// <summary>The statement <see cref="Probe"/> runs.</summary>
    protected virtual string ProbeSql => "SELECT 1";

    /// <summary>
    /// Every stream in the journal, the one whose first event was stored first coming first. The
    /// read journal can list persistence ids only unordered, and ordering them through it costs a
    /// query per run (seconds for a few hundred runs), so this asks the journal table directly; its
    /// name and columns are the ones <see cref="StoreConfig"/> gives the plugin.
    /// </summary>
    public async Task<IReadOnlyList<string>> ListStreamsOldestFirstAsync(CancellationToken ct)
    {
        await using var connection = CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {StoreConfig.PersistenceIdColumn} FROM {StoreConfig.JournalTable}
            WHERE NOT {StoreConfig.DeletedColumn}
            GROUP BY {StoreConfig.PersistenceIdColumn}
            ORDER BY MIN({StoreConfig.OrderingColumn})
            """;
        var streams = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) streams.Add(reader.GetString(0));
        return streams;
    }

    /// <summary>Closes the pooled connections to this database once the store is disposed.</summary>
    public abstract void ReleaseConnections();
}
