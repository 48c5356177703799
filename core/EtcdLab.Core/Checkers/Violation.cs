using System.Text.Json.Serialization;

namespace EtcdLab.Core.Checkers;

/// <summary>One breach of an invariant, explained for an operator.</summary>
/// <param name="Step">The step where it happened.</param>
/// <param name="Host">The host it concerns, if one.</param>
/// <param name="Message">What happened, at which step, to which member, key or cluster ID, and which runbook warning it breaks.</param>
/// <param name="Keys">Every key the breach concerns, as ranges, when it concerns keys; the message may name only the first of them.</param>
public sealed record Violation(int Step, string? Host, string Message, IReadOnlyList<KeyRange>? Keys = null)
{
    /// <summary>The event that shows the breach (its <see cref="Events.RunEvent.Seq"/>), 0 when the checker
    /// names only the step. It places the breach among the faults of a schedule; summaries leave it out.</summary>
    [JsonIgnore]
    public long Seq { get; init; }

    /// <summary>For a run under a fault schedule, whether the breach is the runbook's (within the failures it
    /// should tolerate) or the schedule's (beyond tolerance); null for a run without faults.</summary>
    public FaultTolerance? Tolerance { get; init; }

    /// <inheritdoc />
    public bool Equals(Violation? other) =>
        other is not null && Step == other.Step && Host == other.Host && Message == other.Message && Tolerance == other.Tolerance
        && (Keys ?? []).SequenceEqual(other.Keys ?? []);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Step, Host, Message);
}
