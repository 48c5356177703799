namespace EtcdLab.Core.Events;

/// <summary>What a member's log line means for an operator.</summary>
public enum MemberLogKind
{
    /// <summary><c>request cluster ID mismatch</c> or <c>request sent was ignored (cluster ID mismatch ...)</c>:
    /// a member of another (or a rebuilt) cluster talks to this one.</summary>
    ClusterIdMismatch,
    /// <summary><c>the member has been permanently removed from the cluster</c>: this member learned it was removed.</summary>
    MemberRemoved,
    /// <summary><c>rejected the stream from peer ... since it was removed</c>: a removed member still dials this one.</summary>
    RemovedPeerRejected,
    /// <summary>A Raft panic, for example <c>tocommit(9) is out of range [lastIndex(0)]</c>.</summary>
    Panic,
    /// <summary>A TLS handshake failed, as etcd 3.4 logs it: the listener's
    /// <c>embed: rejected connection from "127.0.0.1:47990" (error "...", ServerName "")</c>, or a
    /// dialer's <c>x509: certificate signed by unknown authority</c>, <c>x509: certificate is valid for
    /// ..., not ...</c>, <c>x509: certificate has expired or is not yet valid</c>,
    /// <c>remote error: tls: bad certificate</c>.</summary>
    TlsHandshakeFailed,
}
