using System.Text;
using EtcdLab.Core.Exceptions;
using EtcdLab.Store.Configuration;

namespace EtcdLab.Store;

/// <summary>
/// Turns what the database, the provider or Akka threw into core's <see cref="EnvironmentException"/>:
/// the message names the database and says what to do; Details carries the underlying errors and
/// the last warnings Akka logged, since Akka's log reaches no console.
/// </summary>
internal static class StoreErrors
{
    /// <summary>The store could not be opened on <paramref name="database"/>. When Akka gave up
    /// waiting (its journal could not create its tables, say), <paramref name="akkaCause"/>, the cause
    /// Akka logged, says more than the timeout does.</summary>
    public static EnvironmentException CannotOpen(StoreDatabase database, Exception cause, Exception? akkaCause, IReadOnlyList<string> akkaLog)
    {
        var reason = akkaCause is not null && Innermost(cause) is TimeoutException or Akka.Actor.AskTimeoutException
            ? $"the journal could not prepare its tables: {Summary(Innermost(akkaCause))}"
            : Summary(Innermost(cause));
        return new($"Cannot open the event store in the {database.Description}: {reason}. {database.Remedy}", Describe(cause, akkaLog), cause);
    }

    /// <summary>An operation on an open store failed.</summary>
    public static EnvironmentException Failed(StoreDatabase database, string what, Exception cause, IReadOnlyList<string> akkaLog) =>
        new($"{what} in the event store ({database.Description}): {Summary(Innermost(cause))}. {database.Remedy}",
            Describe(cause, akkaLog), cause);

    /// <summary>Every exception in the chain of <paramref name="cause"/>, one per line, then Akka's log.</summary>
    public static string Describe(Exception cause, IReadOnlyList<string>? akkaLog = null)
    {
        var text = new StringBuilder();
        foreach (var e in Chain(cause).Where(e => e is not AggregateException)) text.Append(e.GetType().FullName).Append(": ").AppendLine(Summary(e));
        if (akkaLog is { Count: > 0 })
        {
            text.AppendLine("Akka logged:");
            foreach (var line in akkaLog) text.AppendLine(line);
        }
        return text.ToString().TrimEnd();
    }

    /// <summary>An exception's message on one line, without a closing full stop (the sentence goes on).</summary>
    private static string Summary(Exception e) =>
        string.Join(" ", e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).TrimEnd('.');

    private static Exception Innermost(Exception cause) => Chain(cause).Last();

    private static IEnumerable<Exception> Chain(Exception cause)
    {
        for (Exception? e = cause; e is not null; e = e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : e.InnerException)
            yield return e;
    }
}
