using System.Globalization;

namespace EtcdLab.Driver.Reaper;

/// <summary>
/// The process that owns a run's resources: its pid and its start time in clock ticks since boot
/// (<c>/proc/&lt;pid&gt;/stat</c> field 22). The pair survives pid reuse: a run is dead when no process
/// with that pid started at that time.
/// </summary>
internal sealed record RunOwner(int Pid, long StartTicks)
{
    public static RunOwner Current { get; } = new(Environment.ProcessId, StartTicksOf(Environment.ProcessId) ?? 0);

    public bool IsAlive => this == Current || StartTicksOf(Pid) is { } ticks && ticks == StartTicks;

    /// <summary>The start time of <paramref name="pid"/>, or null when no such process exists.</summary>
    public static long? StartTicksOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // comm (field 2) is in parentheses and may hold spaces; fields after it are plain.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[22 - 3], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    public static RunOwner? FromLabels(IDictionary<string, string>? labels) =>
        labels is not null
        && labels.TryGetValue(Containers.ContainerLabels.OwnerPid, out var pid)
        && labels.TryGetValue(Containers.ContainerLabels.OwnerStart, out var start)
        && int.TryParse(pid, CultureInfo.InvariantCulture, out var p)
        && long.TryParse(start, CultureInfo.InvariantCulture, out var s)
            ? new RunOwner(p, s)
            : null;

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

    public string ToFileText() => string.Create(CultureInfo.InvariantCulture, $"{Pid} {StartTicks}\n");
}
