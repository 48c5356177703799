namespace EtcdLab.Core.Checkers;

/// <summary>The ids scenario files use to promise invariants, one per checker.</summary>
public static class InvariantIds
{
    /// <summary>An odd number of voting members whenever the procedure is at rest.</summary>
    public const string OddMembersAtRest = "odd-members-at-rest";

    /// <summary>Members are added one at a time: the next only after the previous has started.</summary>
    public const string OneMemberAddedAtATime = "one-member-added-at-a-time";

    /// <summary>During an online procedure the cluster keeps quorum and serves writes.</summary>
    public const string QuorumKept = "quorum-kept";

    /// <summary>One cluster ID among running members; no member logs a cluster-ID mismatch.</summary>
    public const string SingleClusterId = "single-cluster-id";

    /// <summary>No acknowledged write is lost outside a declared loss window.</summary>
    public const string NoAcknowledgedWriteLost = "no-acknowledged-write-lost";

    /// <summary>No member of a multi-member cluster has a <c>localhost</c> peer URL.</summary>
    public const string NoLocalhostPeerUrl = "no-localhost-peer-url";

    /// <summary>A host whose member was removed has its data dir wiped before etcd starts there again.</summary>
    public const string RemovedMemberWiped = "removed-member-wiped";

    /// <summary>The <c>--force-new-cluster</c> setting is removed after use.</summary>
    public const string ForceNewClusterRemoved = "force-new-cluster-removed";

    /// <summary>The cluster ends with exactly the members the scenario declares, at their hosts' addresses.</summary>
    public const string FinalMembership = "final-membership";

    /// <summary>No two members lead one cluster in the same Raft term.</summary>
    public const string OneLeaderPerTerm = "one-leader-per-term";

    /// <summary>Members never apply different entries at one index: at the end, members read at one
    /// revision hold the same keys and values.</summary>
    public const string StateAgreement = "state-agreement";

    /// <summary>Every member's peer certificate names the address the member is registered under.</summary>
    public const string PeerCertificateCoversAddress = "peer-cert-covers-address";

    /// <summary>Peer, server and client certificates are signed by the CA the cluster trusts.</summary>
    public const string CertificatesFromTrustedCa = "certs-from-trusted-ca";

    /// <summary>Every id, in the order reports list them.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        OddMembersAtRest, OneMemberAddedAtATime, QuorumKept, SingleClusterId, NoAcknowledgedWriteLost,
        NoLocalhostPeerUrl, RemovedMemberWiped, ForceNewClusterRemoved, FinalMembership, OneLeaderPerTerm, StateAgreement,
        PeerCertificateCoversAddress, CertificatesFromTrustedCa,
    ];
}
