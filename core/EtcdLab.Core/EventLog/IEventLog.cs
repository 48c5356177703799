using EtcdLab.Core.Events;

namespace EtcdLab.Core.EventLog;

/// <summary>
/// The project's event store: one append-only stream of <see cref="RunEvent"/>s per run. The
/// embedded default is SQLite (Microsoft.Data.Sqlite); PostgreSQL through Marten is the shared store;
/// every run also writes its stream as JSON lines beside its summary.
/// </summary>
public interface IEventLog : IAsyncDisposable
{
    /// <summary>Appends <paramref name="events"/>, in order, after whatever the stream of
    /// <paramref name="runId"/> already holds; creates the stream when it does not exist.</summary>
    Task AppendAsync(string runId, IReadOnlyList<RunEvent> events, CancellationToken ct);

    /// <summary>Every event of <paramref name="runId"/>, in order; empty when there is no such run.</summary>
    Task<IReadOnlyList<RunEvent>> ReadAsync(string runId, CancellationToken ct);

    /// <summary>The ids of the stored runs in the order they were first stored (EtcdLab's run ids
    /// begin with their UTC start time, so this is also their name order).</summary>
    Task<IReadOnlyList<string>> ListRunsAsync(CancellationToken ct);
}
