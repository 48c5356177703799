using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace EtcdLab.Store.Logging;

/// <summary>
/// Akka's only logger in the store's actor system: it prints nothing and keeps warnings and errors
/// in the system's <see cref="AkkaLogBuffer"/>. Akka creates it by type name from
/// <c>akka.loggers</c>.
/// </summary>
internal sealed class BufferingLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    /// <summary>Answers Akka's start-up handshake and buffers what is logged.</summary>
    public BufferingLogger()
    {
        var buffer = AkkaLogBuffer.For(Context.System);
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<Warning>(buffer.Add);
        Receive<Error>(buffer.Add);
        Receive<LogEvent>(_ => { });
    }
}
