namespace EtcdLab.Core.Checkers;

/// <summary>One breach of an invariant, explained for an operator.</summary>
/// <param name="Step">The step where it happened.</param>
/// <param name="Host">The host it concerns, if one.</param>
/// <param name="Message">What happened, at which step, to which member, key or cluster ID, and which runbook warning it breaks.</param>
/// <param name="Keys">Every key the breach concerns, as ranges, when it concerns keys; the message may name only the first of them.</param>
public sealed record Violation(int Step, string? Host, string Message, IReadOnlyList<KeyRange>? Keys = null)
{
    /// <inheritdoc />
    public bool Equals(Violation? other) =>
        other is not null && Step == other.Step && Host == other.Host && Message == other.Message
        && (Keys ?? []).SequenceEqual(other.Keys ?? []);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Step, Host, Message);
}
