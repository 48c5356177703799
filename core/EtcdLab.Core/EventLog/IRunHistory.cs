namespace EtcdLab.Core.EventLog;

/// <summary>What an event store can answer about many runs at once, from its <see cref="RunView"/>
/// projection rather than by reading every stream.</summary>
public interface IRunHistory
{
    /// <summary>Every stored run's view, the one stored first coming first.</summary>
    Task<IReadOnlyList<RunView>> RunViewsAsync(CancellationToken ct);

    /// <summary>The view of one run, or null when the store has no such run.</summary>
    Task<RunView?> RunViewAsync(string runId, CancellationToken ct);
}
