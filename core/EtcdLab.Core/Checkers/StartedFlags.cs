using EtcdLab.Core.Events;

namespace EtcdLab.Core.Checkers;

/// <summary>The flags of the etcd process running on each host, followed through the event log
/// (<see cref="ProcessStarted"/> sets them, <see cref="ProcessStopped"/> and <see cref="ProcessExited"/>
/// end them), and the flags of each host's latest start, running or not.</summary>
public sealed class StartedFlags
{
    private readonly Dictionary<string, ProcessStarted> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProcessStarted> _latest = new(StringComparer.Ordinal);

    /// <summary>Takes one event into account; other events change nothing.</summary>
    public void Apply(RunEvent e)
    {
        switch (e)
        {
            case ProcessStarted started:
                _running[started.Host] = started;
                _latest[started.Host] = started;
                break;
            case ProcessStopped stopped:
                _running.Remove(stopped.Host);
                break;
            case ProcessExited exited:
                _running.Remove(exited.Host);
                break;
        }
    }

    /// <summary>The starts of the hosts whose etcd runs now.</summary>
    public IEnumerable<ProcessStarted> Running => _running.Values;

    /// <summary>The latest start on <paramref name="host"/>, or null if etcd never started there.</summary>
    public ProcessStarted? Latest(string host) => _latest.GetValueOrDefault(host);

    /// <summary>The value of <c>--<paramref name="flag"/>=</c> in a start's command line, or null.</summary>
    public static string? Flag(ProcessStarted started, string flag)
    {
        var prefix = "--" + flag + "=";
        return started.Flags.LastOrDefault(f => f.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];
    }
}
