using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using EtcdLab.Core.EventLog;
using EtcdLab.Core.Events;
using EtcdLab.Core.Exceptions;
using EtcdLab.Store.Configuration;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;
using Weasel.Core;

namespace EtcdLab.Store.Marten;

/// <summary>
/// The shared event store: Marten's event store on PostgreSQL, one stream per run keyed by the run
/// id, the project's own <see cref="RunEvent"/> types as Marten events (named as the JSON lines name
/// them, <c>run-started</c>), in the schema <c>etcdlab</c>. Tables are created on first open.
/// </summary>
/// <remarks>
/// An append reads the stream's version and appends with it as the expected version, so a second
/// writer of the same run makes the batch fail instead of mixing its events in. Marten compiles its
/// storage code when the store opens (about a second, once per process).
/// </remarks>
public sealed class MartenEventLog : IEventLog, IRunHistory
{
    /// <summary>The PostgreSQL schema of the store's tables.</summary>
    public const string Schema = "etcdlab";

    private readonly PostgreSqlDatabase _database;
    private readonly DocumentStore _store;

    // This process's batches go one after another, each whole: the version guard below would turn a
    // second batch fetched at the same version into an error, which two threads of one run are not.
    private readonly SemaphoreSlim _appendGate = new(1, 1);
    private int _disposed;

    private MartenEventLog(PostgreSqlDatabase database, DocumentStore store)
    {
        _database = database;
        _store = store;
    }

    /// <summary>Which database this store uses, for messages and progress lines (no password).</summary>
    public string Description => _database.Description;

    /// <summary>Opens the store in the PostgreSQL database that <paramref name="connectionString"/>
    /// names, in Npgsql's form (<c>Host=127.0.0.1;Port=55432;Database=etcdlab;Username=...;Password=...</c>);
    /// its tables are created when missing.</summary>
    /// <exception cref="EnvironmentException">The connection string is malformed or the server does not answer.</exception>
    public static MartenEventLog Open(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        PostgreSqlDatabase database;
        try
        {
            database = new PostgreSqlDatabase(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new EnvironmentException(
                "The PostgreSQL connection string of the event store is malformed. Write it in Npgsql's form, for example Host=127.0.0.1;Port=55432;Database=etcdlab;Username=etcdlab;Password=...",
                StoreErrors.Describe(ex), ex);
        }

        DocumentStore? store = null;
        try
        {
            // The server is asked first with Npgsql alone: its error names what is wrong (no server,
            // wrong password), where Marten's would come wrapped in its own start-up.
            database.Probe();
            store = DocumentStore.For(options => Configure(options, database.ConnectionString));
            store.Storage.ApplyAllConfiguredChangesToDatabaseAsync().GetAwaiter().GetResult();
            return new MartenEventLog(database, store);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException or AggregateException
                                       || ex.GetType().Namespace?.StartsWith("Marten", StringComparison.Ordinal) == true
                                       || ex.GetType().Namespace?.StartsWith("Weasel", StringComparison.Ordinal) == true
                                       || ex.GetType().Namespace?.StartsWith("JasperFx", StringComparison.Ordinal) == true)
        {
            store?.Dispose();
            database.ReleaseConnections();
            throw StoreErrors.CannotOpen(database, ex);
        }
    }

    private static void Configure(StoreOptions options, string connectionString)
    {
        options.Connection(connectionString);
        options.DatabaseSchemaName = Schema;
        options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        options.Events.StreamIdentity = StreamIdentity.AsString;
        // The events' own JSON form, as in the run folders: camelCase, kebab-case enums, nulls left out.
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, json =>
        {
            json.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            json.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
            json.Converters.Insert(0, new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        });
        foreach (var (type, name) in RunEventTypes.Names) options.Events.MapEventType(type, name);
        options.Projections.Add(new RunViewProjection(), ProjectionLifecycle.Inline);
        options.Schema.For<RunView>().Identity(v => v.Id);
        options.DisableNpgsqlLogging = true;
    }

    /// <inheritdoc />
    /// <exception cref="EnvironmentException">The database did not store the events, or another writer
    /// appended to the run meanwhile.</exception>
    public async Task AppendAsync(string runId, IReadOnlyList<RunEvent> events, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentNullException.ThrowIfNull(events);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (events.Count == 0) return;
        await _appendGate.WaitAsync(ct);
        try
        {
            await using var session = _store.LightweightSession();
            var state = await session.Events.FetchStreamStateAsync(runId, ct);
            if (state is null) session.Events.StartStream(runId, events.Cast<object>());
            else session.Events.Append(runId, state.Version + events.Count, events.Cast<object>());
            await session.SaveChangesAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw StoreErrors.Failed(_database, $"Could not append {events.Count} events to run '{runId}'", ex);
        }
        finally
        {
            _appendGate.Release();
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
            await using var session = _store.QuerySession();
            var stored = await session.Events.FetchStreamAsync(runId, token: ct);
            return stored.Select(e => e.Data as RunEvent
                                      ?? throw new InvalidDataException($"Event {e.Version} of run '{runId}' is a {e.EventTypeName}, not an EtcdLab run event."))
                .ToArray();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw StoreErrors.Failed(_database, $"Could not read run '{runId}'", ex);
        }
    }

    /// <inheritdoc />
    /// <remarks>"Oldest" is the run whose stream was created first.</remarks>
    /// <exception cref="EnvironmentException">The database did not answer.</exception>
    public async Task<IReadOnlyList<string>> ListRunsAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        try
        {
            await using var session = _store.QuerySession();
            var ids = await session.AdvancedSql.QueryAsync<string>($"select id from {Schema}.mt_streams order by created, id", ct);
            return ids.ToArray();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw StoreErrors.Failed(_database, "Could not list the stored runs", ex);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RunView>> RunViewsAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        try
        {
            await using var session = _store.QuerySession();
            var views = await session.Query<RunView>().ToListAsync(ct);
            return views.OrderBy(v => v.FirstStored).ThenBy(v => v.Id, StringComparer.Ordinal).ToArray();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
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
            await using var session = _store.QuerySession();
            return await session.LoadAsync<RunView>(runId, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw StoreErrors.Failed(_database, $"Could not read run '{runId}'", ex);
        }
    }

    /// <summary>Disposes Marten's store and closes the pooled connections. Safe to call more than once.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return ValueTask.CompletedTask;
        _store.Dispose();
        _database.ReleaseConnections();
        return ValueTask.CompletedTask;
    }
}
