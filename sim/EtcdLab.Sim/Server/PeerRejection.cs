namespace EtcdLab.Sim.Server;

/// <summary>Why a peer refused a message (the HTTP status rafthttp answers with).</summary>
internal enum PeerRejectionKind
{
    /// <summary>412: the sender belongs to another cluster.</summary>
    ClusterIdMismatch,
    /// <summary>410: the sender was removed from the cluster.</summary>
    Removed,
}

/// <summary>A refusal sent back to the dialing member.</summary>
/// <param name="Kind">Why.</param>
/// <param name="AddressedMember">The member ID the sender addressed.</param>
/// <param name="ReceiverClusterId">The refusing member's cluster ID.</param>
internal sealed record PeerRejection(PeerRejectionKind Kind, ulong AddressedMember, ulong ReceiverClusterId);
