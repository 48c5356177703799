using EtcdLab.Core.Targets;

namespace EtcdLab.Sim.Server;

/// <summary>
/// One member as the membership store holds it. <paramref name="Published"/> tells whether the
/// name and client URLs were written by the member's own publish (and so survive a restart, as
/// the v2 store's attributes key does) or only came with the bootstrap context (in memory only).
/// </summary>
internal sealed record Member(ulong Id, string Name, IReadOnlyList<string> PeerUrls, IReadOnlyList<string> ClientUrls, bool IsLearner, bool Published)
{
    public bool IsStarted => Name.Length != 0;

    public MemberInfo ToInfo() => new(Id, Name, PeerUrls, ClientUrls, IsLearner);

    /// <summary>What the member looks like after a restart reloads it from the store.</summary>
    public Member AsReloaded() => Published ? this : this with { Name = "", ClientUrls = [] };

    /// <summary>Go's <c>%+v</c> of a *Member, as etcd's error texts print it.</summary>
    public string GoFormat() =>
        $"&{{ID:{Id:x} RaftAttributes:{{PeerURLs:[{string.Join(" ", PeerUrls)}] IsLearner:{(IsLearner ? "true" : "false")}}} Attributes:{{Name:{Name} ClientURLs:[{string.Join(" ", ClientUrls)}]}}}}";

    public bool Equals(Member? other) =>
        other is not null && Id == other.Id && Name == other.Name && IsLearner == other.IsLearner && Published == other.Published
        && PeerUrls.SequenceEqual(other.PeerUrls) && ClientUrls.SequenceEqual(other.ClientUrls);

    public override int GetHashCode() => HashCode.Combine(Id, Name);
}
