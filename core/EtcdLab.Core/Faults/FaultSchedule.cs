namespace EtcdLab.Core.Faults;

/// <summary>Faults placed around a scenario's steps, as <c>etcdlab run --faults</c>, <c>etcdlab fuzz</c>
/// and a team's properties use them. Faults are numbered from 1 in the order given.</summary>
/// <param name="Scenario">The scenario the schedule was made for (its steps are what faults are placed around).</param>
/// <param name="Faults">The faults, in the order given.</param>
public sealed record FaultSchedule(string Scenario, IReadOnlyList<Fault> Faults)
{
    /// <summary>No fault at all.</summary>
    public static FaultSchedule None(string scenario) => new(scenario, []);

    /// <summary>The schedule in words, one fault per line.</summary>
    public string Describe() =>
        Faults.Count == 0 ? "no fault" : string.Join(Environment.NewLine, Faults.Select((f, i) => $"{i + 1}. {f.Describe()}"));

    /// <inheritdoc />
    public bool Equals(FaultSchedule? other) => other is not null && Scenario == other.Scenario && Faults.SequenceEqual(other.Faults);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Scenario, Faults.Count);
}
