using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using EtcdLab.Core.EventLog;
using EtcdLab.Core.Events;
using EtcdLab.Core.Exceptions;
using EtcdLab.Store.Configuration;
using EtcdLab.Store.Logging;
using EtcdLab.Store.Writing;

namespace EtcdLab.Store;

/// <summary>
/// The persistent event store: one Akka.Persistence.Sql journal stream per run (the persistence id
/// is the run id), in an embedded SQLite file or a shared PostgreSQL database. Events are stored as
/// the JSON <see cref="RunEventJson"/> writes, one row each. Appends go through a short-lived
/// persistent actor per batch (see <see cref="BatchWriter"/>), reads through the plugin's read
/// journal, and the list of runs is one query on the journal table. Open it with
/// <see cref="Sqlite"/> or <see cref="PostgreSql"/> and dispose it to shut its actor system down.
/// </summary>
public sealed class SqlEventLog : IEventLog
{
    /// <summary>Longest wait for one append, read or listing: a database that takes longer is treated
    /// as unreachable rather than hanging a run.</summary>
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(15);

    /// <summary>How long the journal may take to start and create its tables.</summary>
    private static readonly TimeSpan JournalStartTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long a journal that logged an error while starting gets to succeed on a retry.</summary>
    private static readonly TimeSpan JournalRetryGrace = TimeSpan.FromSeconds(3);

    private readonly StoreDatabase _database;
    private readonly ActorSystem _system;
    private readonly SqlReadJournal _reads;
    private readonly ActorMaterializer _materializer;

    // Batches of one store are written one after another: two writers of the same run would both
    // number their batch after the same stored event, and the second insert would fail.
    private readonly SemaphoreSlim _appendGate = new(1, 1);
    private int _disposed;

    private SqlEventLog(StoreDatabase database, ActorSystem system, SqlReadJournal reads)
    {
        _database = database;
        _system = system;
        _reads = reads;
        _materializer = system.Materializer(namePrefix: "etcdlab-store");
    }

    /// <summary>Which database this store uses, for messages and progress lines (no password).</summary>
    public string Description => _database.Description;

    /// <summary>Opens (creating when missing) the SQLite store in the file <paramref name="databasePath"/>,
    /// for example <c>reports/etcdlab.db</c>; its directory is created too.</summary>
    /// <exception cref="EnvironmentException">The file cannot be created, opened or written.</exception>
    public static SqlEventLog Sqlite(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        return Open(new SqliteDatabase(databasePath));
    }

    /// <summary>Opens the store in the PostgreSQL database that <paramref name="connectionString"/>
    /// names, in Npgsql's form (<c>Host=127.0.0.1;Port=55432;Database=etcdlab;Username=...;Password=...</c>);
    /// its tables are created when missing.</summary>
    /// <exception cref="EnvironmentException">The connection string is malformed or the server does not answer.</exception>
    public static SqlEventLog PostgreSql(string connectionString)
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
        return Open(database);
    }

    private static SqlEventLog Open(StoreDatabase database)
    {
        try
        {
            database.Probe();
        }
        catch (Exception ex)
        {
            database.ReleaseConnections();
            throw StoreErrors.CannotOpen(database, ex, akkaCause: null, akkaLog: []);
        }

        var system = ActorSystem.Create("etcdlab-store", StoreConfig.For(database));
        try
        {
            WaitForJournal(system);
            var reads = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(StoreConfig.QueryId);
            return new SqlEventLog(database, system, reads);
        }
        catch (Exception ex)
        {
            var akkaLog = AkkaLogBuffer.For(system);
            var (akkaCause, akkaLines) = (akkaLog.FirstCause, akkaLog.Lines);
            system.Terminate().Wait(ShutdownTimeout);
            database.ReleaseConnections();
            throw StoreErrors.CannotOpen(database, ex, akkaCause, akkaLines);
        }
    }

    /// <summary>
    /// Waits until the write journal has created its tables and answers a query, so that a database
    /// that refuses them fails the open, not a run. The read journal waits for that too, but only
    /// 5 s, which a loaded machine can exceed, and then reports a bare timeout; and a journal whose
    /// initialization fails retries forever without answering. So: ask it for a stream's end, and when
    /// Akka logs an error first, give a retry a moment before failing with that error.
    /// </summary>
    private static void WaitForJournal(ActorSystem system)
    {
        var journal = Akka.Persistence.Persistence.Instance.Apply(system).JournalFor(StoreConfig.JournalId);
        var answer = journal.Ask<object>(replyTo => new ReplayMessages(1, 0, 0, "etcdlab-store-open", replyTo), JournalStartTimeout, CancellationToken.None);
        if (Task.WaitAny(answer, AkkaLogBuffer.For(system).FirstError) == 1) Task.WaitAny(new Task[] { answer }, JournalRetryGrace);
        if (!answer.IsCompleted) throw new TimeoutException("The journal did not get ready.");
        if (answer.GetAwaiter().GetResult() is ReplayMessagesFailure failure) throw failure.Cause;
    }

    /// <inheritdoc />
    /// <exception cref="EnvironmentException">The database did not store the events.</exception>
    public async Task AppendAsync(string runId, IReadOnlyList<RunEvent> events, CancellationToken ct)
    {
        ValidateRunId(runId);
        ArgumentNullException.ThrowIfNull(events);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (events.Count == 0) return;

        var batch = events.ToArray();
        await _appendGate.WaitAsync(ct);
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            _system.ActorOf(BatchWriter.Props(runId, batch, done));
        }
        catch
        {
            _appendGate.Release();
            throw;
        }

        // The gate opens when the writer ends, not when this caller stops waiting: a caller that gives
        // up (cancellation, timeout) must not let the next batch race the one still being written.
        _ = done.Task.ContinueWith(_ => _appendGate.Release(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            await done.Task.WaitAsync(OperationTimeout, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw StoreErrors.Failed(_database, $"Could not append {batch.Length} events to run '{runId}'", ex, AkkaLogBuffer.For(_system).Lines);
        }
    }

    /// <inheritdoc />
    /// <exception cref="EnvironmentException">The database did not answer.</exception>
    public async Task<IReadOnlyList<RunEvent>> ReadAsync(string runId, CancellationToken ct)
    {
        ValidateRunId(runId);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        try
        {
            var envelopes = await _reads
                .CurrentEventsByPersistenceId(runId, 0, long.MaxValue)
                .RunWith(Sink.Seq<EventEnvelope>(), _materializer)
                .WaitAsync(OperationTimeout, ct);
            return envelopes.Select(e => AsRunEvent(runId, e)).ToArray();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw StoreErrors.Failed(_database, $"Could not read run '{runId}'", ex, AkkaLogBuffer.For(_system).Lines);
        }
    }

    /// <inheritdoc />
    /// <remarks>"Oldest" is the run whose first event was stored first: the journal's global ordering
    /// of that event, not the run id's spelling.</remarks>
    /// <exception cref="EnvironmentException">The database did not answer.</exception>
    public async Task<IReadOnlyList<string>> ListRunsAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        try
        {
            return await _database.ListStreamsOldestFirstAsync(ct).WaitAsync(OperationTimeout, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw StoreErrors.Failed(_database, "Could not list the stored runs", ex, AkkaLogBuffer.For(_system).Lines);
        }
    }

    /// <summary>Waits for a batch still being written, then shuts the actor system down and closes
    /// the pooled connections. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        var idle = await _appendGate.WaitAsync(ShutdownTimeout);
        try
        {
            _materializer.Shutdown();
            await _system.Terminate().WaitAsync(ShutdownTimeout);
        }
        catch (TimeoutException)
        {
            // Nothing is left to lose: every batch has ended or had its chance; the process may exit.
        }
        finally
        {
            _database.ReleaseConnections();
            if (idle) _appendGate.Release();
        }
    }

    private static RunEvent AsRunEvent(string runId, EventEnvelope envelope) =>
        envelope.Event as RunEvent
        ?? throw new InvalidDataException(
            $"Event {envelope.SequenceNr} of run '{runId}' is a {envelope.Event?.GetType().FullName ?? "null"}, not an EtcdLab run event; the database holds streams another program wrote.");

    private static void ValidateRunId(string runId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        // The journal's persistence-id column holds 255 characters.
        if (runId.Length > 255) throw new ArgumentException($"A run id has at most 255 characters; '{runId[..40]}...' has {runId.Length}.", nameof(runId));
    }
}
