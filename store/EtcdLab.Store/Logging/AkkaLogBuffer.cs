using Akka.Actor;
using Akka.Event;

namespace EtcdLab.Store.Logging;

/// <summary>
/// The last warnings and errors Akka logged in one actor system. Nothing of Akka's reaches the
/// console (the CLI owns it); when an operation on the store fails, these lines go into the
/// exception's Details, which is where an operator looks.
/// </summary>
internal sealed class AkkaLogBuffer : IExtension
{
    private const int Capacity = 20;
    private readonly Queue<string> _lines = new();

    /// <summary>The buffer of <paramref name="system"/>.</summary>
    public static AkkaLogBuffer For(ActorSystem system) => system.WithExtension<AkkaLogBuffer, AkkaLogBufferProvider>();

    /// <summary>Keeps <paramref name="e"/>, forgetting the oldest line when full.</summary>
    public void Add(LogEvent e)
    {
        var line = $"[{e.LogLevel().ToString().Replace("Level", "", StringComparison.Ordinal).ToUpperInvariant()}] {e.LogSource}: {e.Message}";
        if (e is Error { Cause: { } cause }) line += $"{Environment.NewLine}  {cause.GetType().Name}: {cause.Message}";
        lock (_lines)
        {
            if (_lines.Count == Capacity) _lines.Dequeue();
            _lines.Enqueue(line);
        }
    }

    /// <summary>The kept lines, oldest first.</summary>
    public IReadOnlyList<string> Lines
    {
        get { lock (_lines) return _lines.ToArray(); }
    }
}
