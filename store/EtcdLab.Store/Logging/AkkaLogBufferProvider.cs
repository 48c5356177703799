using Akka.Actor;

namespace EtcdLab.Store.Logging;

/// <summary>Creates the <see cref="AkkaLogBuffer"/> of an actor system (Akka's extension pattern).</summary>
internal sealed class AkkaLogBufferProvider : ExtensionIdProvider<AkkaLogBuffer>
{
    /// <inheritdoc />
    public override AkkaLogBuffer CreateExtension(ExtendedActorSystem system) => new();
}
