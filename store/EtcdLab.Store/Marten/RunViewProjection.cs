using EtcdLab.Core.EventLog;
using EtcdLab.Core.Events;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace EtcdLab.Store.Marten;

/// <summary>Marten's inline projection of a run's stream into its <see cref="RunView"/> document,
/// updated in the same transaction as every batch of events.</summary>
internal sealed class RunViewProjection : SingleStreamProjection<RunView, string>
{
    /// <inheritdoc />
    public override RunView Evolve(RunView? snapshot, string id, IEvent e)
    {
        var view = snapshot ?? new RunView { Id = id, FirstStored = e.Timestamp };
        view.LastStored = e.Timestamp;
        if (e.Data is RunEvent run) view.Fold(run);
        return view;
    }
}
