namespace EtcdLab.Core.Targets;

/// <summary>The gRPC status codes etcd's client API answers with (the subset runbooks meet).</summary>
public enum RpcErrorCode
{
    /// <summary>The client's deadline passed (<c>context deadline exceeded</c>).</summary>
    DeadlineExceeded,
    /// <summary>The server cannot serve now (<c>etcdserver: unhealthy cluster</c>, <c>etcdserver: no leader</c>, ...).</summary>
    Unavailable,
    /// <summary>The request contradicts cluster state (<c>etcdserver: Peer URLs already exists</c>, ...).</summary>
    FailedPrecondition,
    /// <summary>No such member (<c>etcdserver: member not found</c>).</summary>
    NotFound,
    /// <summary>The request is malformed (<c>etcdserver: given member URLs are invalid</c>).</summary>
    InvalidArgument,
    /// <summary>etcd returned a client-side error without a status (<c>etcdserver: re-configuration failed due to not enough started members</c>).</summary>
    Unknown,
    /// <summary>Not a gRPC error: a local etcdctl operation (snapshot restore) failed.</summary>
    Local,
}
