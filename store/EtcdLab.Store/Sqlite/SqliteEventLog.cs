using EtcdLab.Core.EventLog;
using EtcdLab.Core.Events;
using EtcdLab.Core.Exceptions;
using EtcdLab.Store.Configuration;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace EtcdLab.Store.Sqlite;

/// <summary>
/// The embedded event store: one stream per run in a SQLite file (<c>reports/etcdlab.db</c> by
/// default), through Microsoft.Data.Sqlite and nothing else, so that the README's first command needs
/// only the .NET SDK. The tables mirror Marten's (<see cref="Marten.MartenEventLog"/>): a stream row
/// holds the run's version, and each event is one row of the JSON <see cref="RunEventJson"/> writes.
/// </summary>
/// <remarks>
/// <para>An append is one <c>BEGIN IMMEDIATE</c> transaction that reads the stream's version, inserts
/// the batch after it and moves the version on; SQLite lets one writer in at a time, and the
/// <c>(stream_id, version)</c> key refuses a batch numbered like one already stored, so two writers
/// can neither lose nor mix events. WAL mode lets readers (<c>etcdlab runs</c> while a run writes)
/// go on during an append, and a busy timeout makes concurrent runs wait for the lock rather than fail.</para>
/// </remarks>
public sealed class SqliteEventLog : IEventLog, IRunHistory
{
    private const int BusyTimeoutSeconds = 60;

    private readonly SqliteDatabase _database;
    private int _disposed;

    private SqliteEventLog(SqliteDatabase database) => _database = database;

    /// <summary>Which database this store uses, for messages and progress lines.</summary>
    public string Description => _database.Description;

    /// <summary>Opens (creating when missing) the store in the file <paramref name="databasePath"/>,
    /// for example <c>reports/etcdlab.db</c>; its directory is created too.</summary>
    /// <exception cref="EnvironmentException">The file cannot be created, opened or written.</exception>
    public static SqliteEventLog Open(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        var database = new SqliteDatabase(databasePath);
        try
        {
            database.Probe();
            using var connection = database.OpenConnection(BusyTimeoutSeconds);
            using var command = connection.CreateCommand();
            command.CommandText = """
                PRAGMA journal_mode = WAL;
                CREATE TABLE IF NOT EXISTS etcdlab_streams (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    version INTEGER NOT NULL,
                    created TEXT NOT NULL,
                    updated TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS etcdlab_events (
                    stream_id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    type TEXT NOT NULL,
                    data TEXT NOT NULL,
                    PRIMARY KEY (stream_id, version)) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS etcdlab_runs (
                    id TEXT PRIMARY KEY,
                    data TEXT NOT NULL) WITHOUT ROWID;
                """;
            command.ExecuteNonQuery();
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            database.ReleaseConnections();
            throw StoreErrors.CannotOpen(database, ex);
        }
        return new SqliteEventLog(database);
    }

    /// <inheritdoc />
    /// <exception cref="EnvironmentException">The database did not store the events.</exception>
    public async Task AppendAsync(string runId, IReadOnlyList<RunEvent> events, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentNullException.ThrowIfNull(events);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (events.Count == 0) return;
        try
        {
            await using var connection = _database.OpenConnection(BusyTimeoutSeconds);
            // Not deferred: BEGIN IMMEDIATE takes the write lock before the version is read.
            await using var transaction = connection.BeginTransaction(deferred: false);
            var now = DateTimeOffset.UtcNow.ToString("O");
            long version;
            await using (var read = connection.CreateCommand())
            {
                read.CommandText = "SELECT version FROM etcdlab_streams WHERE id = $id";
                read.Parameters.AddWithValue("$id", runId);
                version = await read.ExecuteScalarAsync(ct) is long v ? v : -1;
            }
            await using (var stream = connection.CreateCommand())
            {
                stream.CommandText = version < 0
                    ? "INSERT INTO etcdlab_streams (id, version, created, updated) VALUES ($id, $version, $now, $now)"
                    : "UPDATE etcdlab_streams SET version = $version, updated = $now WHERE id = $id AND version = $expected";
                stream.Parameters.AddWithValue("$id", runId);
                stream.Parameters.AddWithValue("$version", Math.Max(version, 0) + events.Count);
                stream.Parameters.AddWithValue("$expected", version);
                stream.Parameters.AddWithValue("$now", now);
                if (await stream.ExecuteNonQueryAsync(ct) != 1)
                    throw new InvalidOperationException($"run '{runId}' moved past version {version} while this batch was written");
            }
            await using (var insert = connection.CreateCommand())
            {
                insert.CommandText = "INSERT INTO etcdlab_events (stream_id, version, type, data) VALUES ($id, $version, $type, $data)";
                var id = insert.Parameters.Add("$id", SqliteType.Text);
                var number = insert.Parameters.Add("$version", SqliteType.Integer);
                var type = insert.Parameters.Add("$type", SqliteType.Text);
                var data = insert.Parameters.Add("$data", SqliteType.Text);
                id.Value = runId;
                var next = Math.Max(version, 0);
                foreach (var e in events)
                {
                    number.Value = ++next;
                    type.Value = RunEventTypes.NameOf(e);
                    data.Value = RunEventJson.Serialize(e);
                    await insert.ExecuteNonQueryAsync(ct);
                }
            }
            await ProjectAsync(connection, runId, events, ct);
            await transaction.CommitAsync(ct);
        }
        catch (Exception ex) when (ex is SqliteException or InvalidOperationException or IOException)
        {
            throw StoreErrors.Failed(_database, $"Could not append {events.Count} events to run '{runId}'", ex);
        }
    }

    /// <inheritdoc />
    /// <exception cref="EnvironmentException">The database did not answer.</exception>
    public async Task<IReadOnlyList<RunEvent>> ReadAsync(string runId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        try
        {
            await using var connection = _database.OpenConnection(BusyTimeoutSeconds);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT data FROM etcdlab_events WHERE stream_id = $id ORDER BY version";
            command.Parameters.AddWithValue("$id", runId);
            var events = new List<RunEvent>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) events.Add(RunEventJson.Deserialize(reader.GetString(0)));
            return events;
        }
        catch (Exception ex) when (ex is SqliteException or JsonException)
        {
            throw StoreErrors.Failed(_database, $"Could not read run '{runId}'", ex);
        }
    }

    /// <inheritdoc />
    /// <remarks>"Oldest" is the run whose first batch was stored first.</remarks>
    /// <exception cref="EnvironmentException">The database did not answer.</exception>
    public async Task<IReadOnlyList<string>> ListRunsAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        try
        {
            await using var connection = _database.OpenConnection(BusyTimeoutSeconds);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT id FROM etcdlab_streams ORDER BY seq";
            var runs = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) runs.Add(reader.GetString(0));
            return runs;
        }
        catch (SqliteException ex)
        {
            throw StoreErrors.Failed(_database, "Could not list the stored runs", ex);
        }
    }

    /// <summary>Folds the batch into the run's <see cref="RunView"/>, in the append's transaction, as
    /// Marten's inline projection does for the shared store.</summary>
    private static async Task ProjectAsync(SqliteConnection connection, string runId, IReadOnlyList<RunEvent> events, CancellationToken ct)
    {
        RunView view;
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT data FROM etcdlab_runs WHERE id = $id";
            read.Parameters.AddWithValue("$id", runId);
            view = await read.ExecuteScalarAsync(ct) is string json
                ? JsonSerializer.Deserialize<RunView>(json, ViewJson)!
                : new RunView { Id = runId };
        }
        view.Fold(events, DateTimeOffset.UtcNow);
        await using var write = connection.CreateCommand();
        write.CommandText = "INSERT INTO etcdlab_runs (id, data) VALUES ($id, $data) ON CONFLICT (id) DO UPDATE SET data = excluded.data";
        write.Parameters.AddWithValue("$id", runId);
        write.Parameters.AddWithValue("$data", JsonSerializer.Serialize(view, ViewJson));
        await write.ExecuteNonQueryAsync(ct);
    }

    private static readonly JsonSerializerOptions ViewJson = new(JsonSerializerDefaults.Web);

    /// <inheritdoc />
    public async Task<IReadOnlyList<RunView>> RunViewsAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        try
        {
            await using var connection = _database.OpenConnection(BusyTimeoutSeconds);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT r.data FROM etcdlab_runs r JOIN etcdlab_streams s ON s.id = r.id ORDER BY s.seq";
            var views = new List<RunView>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) views.Add(JsonSerializer.Deserialize<RunView>(reader.GetString(0), ViewJson)!);
            return views;
        }
        catch (Exception ex) when (ex is SqliteException or JsonException)
        {
            throw StoreErrors.Failed(_database, "Could not list the stored runs", ex);
        }
    }

    /// <inheritdoc />
    public async Task<RunView?> RunViewAsync(string runId, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        try
        {
            await using var connection = _database.OpenConnection(BusyTimeoutSeconds);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT data FROM etcdlab_runs WHERE id = $id";
            command.Parameters.AddWithValue("$id", runId);
            return await command.ExecuteScalarAsync(ct) is string json ? JsonSerializer.Deserialize<RunView>(json, ViewJson) : null;
        }
        catch (Exception ex) when (ex is SqliteException or JsonException)
        {
            throw StoreErrors.Failed(_database, $"Could not read run '{runId}'", ex);
        }
    }

    /// <summary>Closes the pooled connections. Safe to call more than once.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) _database.ReleaseConnections();
        return ValueTask.CompletedTask;
    }
}
