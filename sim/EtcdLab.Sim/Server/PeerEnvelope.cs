namespace EtcdLab.Sim.Server;

/// <summary>
/// A message between members as rafthttp carries it: the sender's member and cluster IDs (the
/// X-Etcd-Cluster-ID and X-Raft-From headers), the member it is addressed to, and the payload
/// (a raft message, a stream dial, or a forwarded learner promotion).
/// </summary>
internal sealed record PeerEnvelope(ulong From, ulong ClusterId, ulong To, object Payload);

/// <summary>A stream dial: rafthttp connects to every peer when it starts or learns of it.</summary>
internal sealed record StreamDial
{
    public static StreamDial Instance { get; } = new();
}

/// <summary>A MemberPromote forwarded to the leader over peer HTTP.</summary>
internal sealed record PromoteForward(ulong RequestId, ulong MemberId);

/// <summary>The leader's answer to a forwarded promotion: the member list or an error.</summary>
internal sealed record PromoteForwardReply(ulong RequestId, object Result);
