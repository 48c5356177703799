using EtcdLab.Core.Targets;

namespace EtcdLab.Cli.Running;

/// <summary>A target made for one run, with the loopback slot its addresses were moved to.</summary>
/// <param name="Target">The cluster target.</param>
/// <param name="Slot">Scenario addresses 127.0.x.y become 127.Slot.x.y (0: unchanged).</param>
public sealed record TargetLease(IClusterTarget Target, int Slot) : IAsyncDisposable
{
    /// <inheritdoc />
    public ValueTask DisposeAsync() => Target.DisposeAsync();
}
