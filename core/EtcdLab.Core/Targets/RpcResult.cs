using System.Diagnostics.CodeAnalysis;

namespace EtcdLab.Core.Targets;

/// <summary>The answer to one client call: a value or etcd's error.</summary>
public sealed class RpcResult<T> where T : class
{
    private RpcResult(T? value, RpcError? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>The answer when the call succeeded.</summary>
    public T? Value { get; }

    /// <summary>The error when the call failed.</summary>
    public RpcError? Error { get; }

    /// <summary>True when the call succeeded.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsOk => Error is null;

    /// <summary>A successful answer.</summary>
    public static RpcResult<T> Ok(T value) => new(value, null);

    /// <summary>A failed answer.</summary>
    public static RpcResult<T> Fail(RpcError error) => new(null, error);

    /// <summary>A failed answer with etcd's text.</summary>
    public static RpcResult<T> Fail(RpcErrorCode code, string message) => new(null, new RpcError(code, message));

    /// <summary>Implicit success.</summary>
    public static implicit operator RpcResult<T>(T value) => Ok(value);

    /// <summary>Implicit failure.</summary>
    public static implicit operator RpcResult<T>(RpcError error) => Fail(error);

    /// <inheritdoc />
    public override string ToString() => IsOk ? $"ok {Value}" : $"error {Error}";
}
