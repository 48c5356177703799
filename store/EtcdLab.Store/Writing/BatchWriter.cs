using Akka.Actor;
using Akka.Persistence;
using EtcdLab.Core.Events;

namespace EtcdLab.Store.Writing;

/// <summary>
/// Appends one batch of events to one run's stream, then stops. A persistent actor whose persistence
/// id is the run id: with <see cref="Recovery.None"/> it replays nothing yet still learns the stream's
/// highest sequence number, so <c>PersistAll</c> numbers the batch after
/// what is stored and sends it to the journal as one atomic write (one transaction, one multi-row
/// insert). A writer per batch, rather than one per run kept alive, means no cache of actors to
/// invalidate after a failure, and every way it can end, success, failure or stop, completes the
/// task its creator awaits.
/// </summary>
internal sealed class BatchWriter : UntypedPersistentActor
{
    private readonly IReadOnlyList<RunEvent> _events;
    private readonly TaskCompletionSource<long> _done;

    /// <summary>A writer of <paramref name="events"/> to the stream of <paramref name="runId"/> that
    /// completes <paramref name="done"/> with the stream's new highest sequence number.</summary>
    public BatchWriter(string runId, IReadOnlyList<RunEvent> events, TaskCompletionSource<long> done)
    {
        PersistenceId = runId;
        _events = events;
        _done = done;
    }

    /// <summary>Props for <see cref="BatchWriter(string, IReadOnlyList{RunEvent}, TaskCompletionSource{long})"/>.</summary>
    public static Props Props(string runId, IReadOnlyList<RunEvent> events, TaskCompletionSource<long> done) =>
        Akka.Actor.Props.Create(() => new BatchWriter(runId, events, done));

    /// <inheritdoc />
    public override string PersistenceId { get; }

    /// <inheritdoc />
    public override Recovery Recovery => Recovery.None;

    /// <inheritdoc />
    protected override void PreStart()
    {
        base.PreStart();
        Self.Tell(WriteBatch.Instance);
    }

    /// <inheritdoc />
    protected override void OnRecover(object message)
    {
        // Recovery.None replays no event; only RecoveryCompleted arrives here.
    }

    /// <inheritdoc />
    protected override void OnCommand(object message)
    {
        if (message is not WriteBatch) return;
        PersistAll(_events, _ => { }, () =>
        {
            _done.TrySetResult(LastSequenceNr);
            Context.Stop(Self);
        });
    }

    /// <inheritdoc />
    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _done.TrySetException(reason);
        base.OnRecoveryFailure(reason, message);
    }

    /// <inheritdoc />
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _done.TrySetException(cause);
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    /// <inheritdoc />
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _done.TrySetException(cause);
        Context.Stop(Self);
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        _done.TrySetException(new InvalidOperationException($"The writer of run '{PersistenceId}' stopped before its batch was stored."));
        base.PostStop();
    }
}
