using System.Text.Json.Serialization;
using EtcdLab.Core.Events;

namespace EtcdLab.Core.Targets;

/// <summary>One member as etcd's membership lists it. An empty <paramref name="Name"/> means the member
/// was added but has never started (etcdctl shows it as <c>unstarted</c>).</summary>
public sealed record MemberInfo([property: JsonConverter(typeof(HexIdJsonConverter))] ulong Id, string Name, IReadOnlyList<string> PeerUrls, IReadOnlyList<string> ClientUrls, bool IsLearner)
{
    /// <summary>True once the member has published its name, i.e. it started at least once.</summary>
    public bool IsStarted => Name.Length != 0;

    /// <summary>The member ID as etcd prints it: lower-case hex without padding.</summary>
    public string IdHex => Id.ToString("x");

    /// <inheritdoc />
    public bool Equals(MemberInfo? other) =>
        other is not null && Id == other.Id && Name == other.Name && IsLearner == other.IsLearner
        && PeerUrls.SequenceEqual(other.PeerUrls) && ClientUrls.SequenceEqual(other.ClientUrls);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, Name, IsLearner);
}
