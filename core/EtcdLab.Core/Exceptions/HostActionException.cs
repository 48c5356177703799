namespace EtcdLab.Core.Exceptions;

/// <summary>A host action that makes no sense in the host's state (pausing a stopped host, wiping the
/// data dir of a running member). The step that asked for it fails; the run goes on to its checks.</summary>
public sealed class HostActionException(string host, string message) : EtcdLabException(message)
{
    /// <summary>The host the action was for.</summary>
    public string Host { get; } = host;
}
