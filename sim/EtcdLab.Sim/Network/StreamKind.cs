namespace EtcdLab.Sim.Network;

/// <summary>The kinds of rafthttp connection from a member to a peer, one TCP stream each.</summary>
internal enum StreamKind
{
    /// <summary>The MsgApp v2 stream: appends.</summary>
    MsgApp,

    /// <summary>The Message stream: heartbeats, votes and every answer.</summary>
    Message,

    /// <summary>HTTP POSTs of the pipeline: snapshots, forwarded requests.</summary>
    Pipeline,
}
