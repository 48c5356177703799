using System.Text;
using EtcdLab.Core.Exceptions;
using EtcdLab.Store.Configuration;

namespace EtcdLab.Store;

/// <summary>
/// Turns what the database or its client library threw into core's <see cref="EnvironmentException"/>:
/// the message names the database and says what to do; Details carries the chain of underlying errors.
/// </summary>
internal static class StoreErrors
{
    /// <summary>The store could not be opened on <paramref name="database"/>.</summary>
    public static EnvironmentException CannotOpen(StoreDatabase database, Exception cause) =>
        new($"Cannot open the event store in the {database.Description}: {Summary(Innermost(cause))}. {database.Remedy}", Describe(cause), cause);

    /// <summary>An operation on an open store failed.</summary>
    public static EnvironmentException Failed(StoreDatabase database, string what, Exception cause) =>
        new($"{what} in the event store ({database.Description}): {Summary(Innermost(cause))}. {database.Remedy}", Describe(cause), cause);

    /// <summary>Every exception in the chain of <paramref name="cause"/>, one per line.</summary>
    public static string Describe(Exception cause)
    {
        var text = new StringBuilder();
        foreach (var e in Chain(cause).Where(e => e is not AggregateException)) text.Append(e.GetType().FullName).Append(": ").AppendLine(Summary(e));
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
