using EtcdLab.Core.Targets;

namespace EtcdLab.Core.Scenarios;

/// <summary>The starting cluster: its hosts, token and the etcd flags every member gets.</summary>
/// <param name="Token">The <c>--initial-cluster-token</c> of the bootstrap.</param>
/// <param name="Flags">Flags for every member on top of EtcdLab's defaults.</param>
/// <param name="Hosts">Every host, members first, in file order.</param>
public sealed record ClusterDefinition(string Token, EtcdFlags Flags, IReadOnlyList<HostDefinition> Hosts)
{
    /// <summary>What the installer did on the hosts before etcd first started (<c>setup:</c>: making
    /// and copying certificates), run in step 0 before the bootstrap.</summary>
    public IReadOnlyList<Step> Setup { get; init; } = [];

    /// <summary>The credentials the harness's own clients use on https client ports, or null when the
    /// members serve clients over plain http.</summary>
    public ClientTls? ClientTls { get; init; }

    /// <summary>The hosts bootstrapped as the initial cluster at step 0.</summary>
    public IEnumerable<HostDefinition> InitialMembers => Hosts.Where(h => h.InitialMember);

    /// <summary>The host named <paramref name="name"/>, or null.</summary>
    public HostDefinition? Find(string name) => Hosts.FirstOrDefault(h => h.Name == name);

    /// <inheritdoc />
    public bool Equals(ClusterDefinition? other) =>
        other is not null && Token == other.Token && Flags.Equals(other.Flags) && Hosts.SequenceEqual(other.Hosts)
        && Setup.SequenceEqual(other.Setup) && Equals(ClientTls, other.ClientTls);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Token, Hosts.Count);
}
