using EtcdLab.Core.Events;

namespace EtcdLab.Core.EventLog;

/// <summary>Closes the stored stream of a run whose harness died mid-run (SIGKILL, a lost machine):
/// the store holds its events up to the last batch, and a <see cref="RunAborted"/> after them says
/// that nothing more will come, so that queries do not show it as running forever.</summary>
public static class AbandonedRuns
{
    /// <summary>The reason written into the closing event.</summary>
    public const string Reason = "the harness stopped before the run finished (killed, or its machine went away); the store holds the events up to its last batch";

    /// <summary>Appends a <see cref="RunAborted"/> to <paramref name="runId"/>'s stream unless the stream is
    /// empty or already ends with <see cref="RunFinished"/> or <see cref="RunAborted"/>; returns whether it did.</summary>
    public static async Task<bool> MarkAsync(IEventLog store, string runId, CancellationToken ct)
    {
        var events = await store.ReadAsync(runId, ct);
        if (events.Count == 0) return false;
        var last = events[^1];
        if (events.Any(e => e is RunFinished or RunAborted)) return false;
        await store.AppendAsync(runId, [new RunAborted(Reason, null) { Seq = last.Seq + 1, At = last.At, Step = last.Step }], ct);
        return true;
    }
}
