namespace EtcdLab.Core.Exceptions;

/// <summary>
/// Base of every error EtcdLab reports to a user. The message says what is wrong and how to fix
/// it; <see cref="Details"/> carries captured output, shown indented under "Details:".
/// </summary>
public class EtcdLabException : Exception
{
    /// <summary>Creates an error with a message that says what is wrong and what to do.</summary>
    public EtcdLabException(string message, string? details = null, Exception? inner = null)
        : base(message, inner) => Details = details;

    /// <summary>Captured output that explains the error (a container log, a command's stderr).</summary>
    public string? Details { get; }

    /// <summary>True when the error is the user's input (exit code 2) rather than a failed run.</summary>
    public virtual bool IsInputError => false;

    /// <summary>The message followed by an indented "Details:" block when there are details.</summary>
    public string Describe()
    {
        if (string.IsNullOrWhiteSpace(Details)) return Message;
        var indented = string.Join(Environment.NewLine, Details.TrimEnd().Split('\n').Select(l => "  " + l.TrimEnd('\r')));
        return $"{Message}{Environment.NewLine}Details:{Environment.NewLine}{indented}";
    }
}
