namespace EtcdLab.Core.Exceptions;

/// <summary>Something the run needs is missing on this machine (no Docker engine, no etcd image, an event database that cannot be opened).
/// The message says how to provide it; the command exits with code 2.</summary>
public sealed class EnvironmentException(string message, string? details = null, Exception? inner = null)
    : EtcdLabException(message, details, inner)
{
    /// <inheritdoc />
    public override bool IsInputError => true;
}
