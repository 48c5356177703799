using System.Globalization;

namespace EtcdLab.Core.Hygiene;

/// <summary>
/// The process that owns a run's resources: its pid and its start time in clock ticks since boot
/// (<c>/proc/&lt;pid&gt;/stat</c> field 22). The pair survives pid reuse: a run is dead when no process
/// with that pid started at that time.
/// </summary>
public sealed record RunOwner(int Pid, long StartTicks)
{
    /// <summary>This process.</summary>
    public static RunOwner Current { get; } = new(Environment.ProcessId, StartTicksOf(Environment.ProcessId) ?? 0);

    /// <summary>True while the owning process runs (not a zombie, not a later process with the same pid).</summary>
    public bool IsAlive => this == Current || StartTicksOf(Pid) is { } ticks && ticks == StartTicks;

    /// <summary>The start time of <paramref name="pid"/>, or null when no such process runs. A zombie
    /// (state Z or X: killed, not yet reaped by its parent) counts as gone: a harness killed with
    /// SIGKILL whose parent died too can stay a zombie for a long time.</summary>
    public static long? StartTicksOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // comm (field 2) is in parentheses and may hold spaces; fields after it are plain.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[0] is "Z" or "X") return null;
            return long.Parse(fields[22 - 3], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>The owner named by labels <paramref name="pidLabel"/> and <paramref name="startLabel"/>, or null.</summary>
    public static RunOwner? FromLabels(IDictionary<string, string>? labels, string pidLabel, string startLabel) =>
        labels is not null
        && labels.TryGetValue(pidLabel, out var pid)
        && labels.TryGetValue(startLabel, out var start)
        && int.TryParse(pid, CultureInfo.InvariantCulture, out var p)
        && long.TryParse(start, CultureInfo.InvariantCulture, out var s)
            ? new RunOwner(p, s)
            : null;

    /// <summary>The owner written by <see cref="ToFileText"/> into <paramref name="path"/>, or null.</summary>
    public static RunOwner? FromFile(string path)
    {
        try
        {
            var parts = File.ReadAllText(path).Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return parts.Length == 2
                   && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var p)
                   && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var s)
                ? new RunOwner(p, s)
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The owner as an owner file holds it: <c>pid start-ticks</c>.</summary>
    public string ToFileText() => string.Create(CultureInfo.InvariantCulture, $"{Pid} {StartTicks}\n");
}
