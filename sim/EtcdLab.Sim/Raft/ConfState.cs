namespace EtcdLab.Sim.Raft;

/// <summary>Who votes and who learns (raftpb.ConfState).</summary>
internal sealed record ConfState(IReadOnlyList<ulong> Voters, IReadOnlyList<ulong> Learners)
{
    public static ConfState Empty { get; } = new([], []);

    public bool Equals(ConfState? other) => other is not null && Voters.SequenceEqual(other.Voters) && Learners.SequenceEqual(other.Learners);

    public override int GetHashCode() => HashCode.Combine(Voters.Count, Learners.Count);
}
