using Akka.Event;

namespace EtcdLab.Store.Logging;

/// <summary>
/// Replaces Akka's StandardOutLogger, the minimal logger Akka attaches while its real loggers start
/// and again while the system shuts down (<c>akka.stdout-logger-class</c>). Akka prints errors
/// through it even at <c>stdout-loglevel = OFF</c>, for example a persistence failure logged just
/// as the store is disposed; the CLI owns the console, so it drops them. What matters has already
/// reached the caller as an exception.
/// </summary>
internal sealed class SilentStartupLogger : MinimalLogger
{
    /// <inheritdoc />
    protected override void Log(object message)
    {
    }
}
