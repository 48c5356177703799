using Akka.Actor;
using Akka.Event;

namespace EtcdLab.Store.Logging;

/// <summary>
/// The last warnings and errors Akka logged in one actor system. Nothing of Akka's reaches the
/// console (the CLI owns it); when an operation on the store fails, these lines go into the
/// exception's Details, which is where an operator looks, and the first error's cause can explain a
/// failure that reached the caller only as a timeout.
/// </summary>
internal sealed class AkkaLogBuffer : IExtension
{
    private const int Capacity = 50;
    private readonly Queue<(string Line, Exception? Cause)> _entries = new();
    private readonly TaskCompletionSource<Exception> _firstError = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The buffer of <paramref name="system"/>.</summary>
    public static AkkaLogBuffer For(ActorSystem system) => system.WithExtension<AkkaLogBuffer, AkkaLogBufferProvider>();

    /// <summary>Keeps <paramref name="e"/>, forgetting the oldest entry when full.</summary>
    public void Add(LogEvent e)
    {
        var level = e.LogLevel() == LogLevel.ErrorLevel ? "ERROR" : "WARNING";
        var line = $"[{level}] {e.LogSource}: {OneLine(e.Message?.ToString())}";
        var cause = (e as Error)?.Cause;
        if (cause is not null) line += $" ({cause.GetType().Name}: {OneLine(cause.Message)})";
        lock (_entries)
        {
            if (_entries.Count == Capacity) _entries.Dequeue();
            _entries.Enqueue((line, cause));
        }
        if (cause is not null) _firstError.TrySetResult(cause);
    }

    /// <summary>Completes with the cause of the first error Akka logs with one.</summary>
    public Task<Exception> FirstError => _firstError.Task;

    /// <summary>The kept lines, each once, in the order they first appeared, with how often they
    /// came (a failing journal retries and logs the same lines every second).</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_entries)
            {
                return _entries.GroupBy(x => x.Line)
                    .Select(g => g.Count() == 1 ? g.Key : $"{g.Key} (x{g.Count()})")
                    .ToArray();
            }
        }
    }

    /// <summary>The cause attached to the first error logged, if any.</summary>
    public Exception? FirstCause
    {
        get { lock (_entries) return _entries.Select(x => x.Cause).FirstOrDefault(c => c is not null); }
    }

    private static string OneLine(string? text) =>
        string.Join(" ", (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
