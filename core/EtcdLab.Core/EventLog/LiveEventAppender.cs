using EtcdLab.Core.Events;

namespace EtcdLab.Core.EventLog;

/// <summary>
/// Sends a run's events to an event store while the run goes on, in small batches: one at every step
/// boundary (a step started or finished, the run finished or aborted), after
/// <see cref="FlushInterval"/> at most, or when <see cref="MaxBatch"/> events are waiting. A harness
/// killed mid-run so leaves the store holding everything up to the last batch, and others can watch
/// the run (<c>etcdlab runs</c>) while it runs.
/// </summary>
/// <remarks>
/// <see cref="Add"/> only queues, so the run never waits for the database (the simulator records
/// about a million events a second). One background loop writes the batches in order. When the store
/// fails, the appender stops writing and remembers why: the run goes on, its JSON lines stay complete,
/// and <see cref="CompleteAsync"/> returns the error for the run's report.
/// </remarks>
public sealed class LiveEventAppender : IAsyncDisposable
{
    /// <summary>Longest time an event waits before it is written.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Most events written in one batch.</summary>
    public const int MaxBatch = 1000;

    private readonly IEventLog _store;
    private readonly string _runId;
    private readonly object _gate = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private List<RunEvent> _pending = [];
    private bool _completing;
    private string? _error;
    private long _appended;

    /// <summary>Starts writing <paramref name="runId"/>'s events to <paramref name="store"/>.</summary>
    public LiveEventAppender(IEventLog store, string runId)
    {
        _store = store;
        _runId = runId;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>How many events the store has taken so far.</summary>
    public long Appended => Interlocked.Read(ref _appended);

    /// <summary>The first error of the store, in one line, or null.</summary>
    public string? Error => Volatile.Read(ref _error);

    /// <summary>Queues <paramref name="e"/>; cheap, never waits for the store.</summary>
    public void Add(RunEvent e)
    {
        bool wake;
        lock (_gate)
        {
            if (_completing || _error is not null) return;
            _pending.Add(e);
            wake = e is StepStarted or StepFinished or RunFinished or RunAborted || _pending.Count >= MaxBatch;
        }
        if (wake) _wake.Release();
    }

    /// <summary>Writes what is still queued and stops; returns the store's error in one line, or null
    /// when every event was stored.</summary>
    public async Task<string?> CompleteAsync()
    {
        lock (_gate) _completing = true;
        _wake.Release();
        await _loop;
        return Error;
    }

    private async Task LoopAsync()
    {
        while (true)
        {
            await _wake.WaitAsync(FlushInterval);
            List<RunEvent> batch;
            bool last;
            lock (_gate)
            {
                batch = _pending;
                _pending = [];
                last = _completing;
            }
            if (batch.Count > 0 && Error is null)
            {
                try
                {
                    await _store.AppendAsync(_runId, batch, _stop.Token);
                    Interlocked.Add(ref _appended, batch.Count);
                }
                catch (Exception e)
                {
                    Volatile.Write(ref _error, string.Join(" ", e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
                }
            }
            if (last) return;
        }
    }

    /// <summary>Stops at once, dropping what is queued (<see cref="CompleteAsync"/> writes it first).</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate) _completing = true;
        await _stop.CancelAsync();
        _wake.Release();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // dropped, as documented
        }
        _stop.Dispose();
    }
}
