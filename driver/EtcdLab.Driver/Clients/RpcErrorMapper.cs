using System.Net.Sockets;
using EtcdLab.Core.Targets;
using Grpc.Core;

namespace EtcdLab.Driver.Clients;

/// <summary>Turns gRPC failures into etcd's own error texts, as etcdctl prints them after <c>Error: </c>.</summary>
internal static class RpcErrorMapper
{
    /// <summary>grpc-go's text when a connection that carried a call breaks.</summary>
    public const string TransportClosing = "transport is closing";

    /// <summary>The error of <paramref name="e"/>; <paramref name="transport"/> is true when the call
    /// failed in the connection rather than in etcd (so that a read may try once more).</summary>
    public static RpcError Map(RpcException e, out bool transport)
    {
        transport = false;
        if (e.StatusCode == StatusCode.DeadlineExceeded) return RpcError.DeadlineExceeded;
        if (IsConnectionRefused(e.Status.DebugException)) return RpcError.ConnectionRefused;
        if (e.Status.DebugException is not null)
        {
            // Not etcd speaking: the connection broke (process killed mid-call, stale pooled connection).
            transport = true;
            return new RpcError(RpcErrorCode.Unavailable, TransportClosing);
        }

        var code = e.StatusCode switch
        {
            StatusCode.Unavailable => RpcErrorCode.Unavailable,
            StatusCode.FailedPrecondition => RpcErrorCode.FailedPrecondition,
            StatusCode.NotFound => RpcErrorCode.NotFound,
            StatusCode.InvalidArgument => RpcErrorCode.InvalidArgument,
            _ => RpcErrorCode.Unknown,
        };
        return new RpcError(code, string.IsNullOrEmpty(e.Status.Detail) ? e.StatusCode.ToString() : e.Status.Detail);
    }

    /// <summary>True when some exception in the chain is a refused TCP connect.</summary>
    public static bool IsConnectionRefused(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused }) return true;
        return false;
    }
}
