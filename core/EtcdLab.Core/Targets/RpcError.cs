namespace EtcdLab.Core.Targets;

/// <summary>An error answer, carrying etcd's own text (what etcdctl prints after <c>Error: </c>).</summary>
/// <param name="Code">The gRPC status code.</param>
/// <param name="Message">etcd's text, for example <c>etcdserver: unhealthy cluster</c> or <c>context deadline exceeded</c>.</param>
public sealed record RpcError(RpcErrorCode Code, string Message)
{
    /// <summary>The client gave up waiting: what etcdctl prints when a member is down, paused or has no quorum.</summary>
    public static RpcError DeadlineExceeded { get; } = new(RpcErrorCode.DeadlineExceeded, "context deadline exceeded");

    /// <summary>Nothing listens on the endpoint (no host has that address, or etcd does not run there).
    /// Targets answer this at once; etcdctl turns it into <c>context deadline exceeded</c> after its
    /// dial timeout, and a writer skips to its next host.</summary>
    public static RpcError ConnectionRefused { get; } = new(RpcErrorCode.Unavailable, "connection refused");

    /// <summary>True for <see cref="ConnectionRefused"/>.</summary>
    public bool IsConnectionRefused => Code == RpcErrorCode.Unavailable && Message == ConnectionRefused.Message;

    /// <inheritdoc />
    public override string ToString() => Message;
}
