namespace EtcdLab.Core.Targets;

/// <summary>What every host shows at one moment, in the order the scenario declares the hosts.</summary>
public sealed record ClusterObservation(IReadOnlyList<HostObservation> Hosts)
{
    /// <summary>The observation of <paramref name="host"/>.</summary>
    public HostObservation this[string host] => Hosts.First(h => h.Host == host);

    /// <inheritdoc />
    public bool Equals(ClusterObservation? other) => other is not null && Hosts.SequenceEqual(other.Hosts);

    /// <inheritdoc />
    public override int GetHashCode() => Hosts.Count;
}
