using System.Globalization;
using EtcdLab.Core.Targets;

namespace EtcdLab.Driver.Configurations;

/// <summary>etcd's Raft timing: <c>--heartbeat-interval</c> and <c>--election-timeout</c>.</summary>
/// <param name="Heartbeat">Time between a leader's heartbeats.</param>
/// <param name="ElectionTimeout">Time a follower waits without heartbeats before it campaigns.</param>
public sealed record EtcdTiming(TimeSpan Heartbeat, TimeSpan ElectionTimeout)
{
    /// <summary>10 ms / 100 ms: elections in a tenth of a second, so runs take seconds; safe on
    /// loopback, where a round trip takes microseconds.</summary>
    public static EtcdTiming Tuned { get; } = new(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(100));

    /// <summary>etcd 3.4's defaults, 100 ms / 1000 ms, for runs that must time like production.</summary>
    public static EtcdTiming EtcdDefaults { get; } = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(1000));

    /// <summary>The two flags, in milliseconds as etcd takes them.</summary>
    public EtcdFlags ToFlags() => EtcdFlags.Empty
        .With("heartbeat-interval", ((long)Heartbeat.TotalMilliseconds).ToString(CultureInfo.InvariantCulture))
        .With("election-timeout", ((long)ElectionTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));

    /// <summary>Rejects what etcd itself rejects, with etcd's reason.</summary>
    /// <exception cref="ArgumentException">The pair is not one etcd accepts.</exception>
    public void Validate()
    {
        if (Heartbeat.TotalMilliseconds < 1) throw new ArgumentException($"--heartbeat-interval must be >0 (set to {Heartbeat.TotalMilliseconds}ms)");
        if (ElectionTimeout.TotalMilliseconds < 1) throw new ArgumentException($"--election-timeout must be >0 (set to {ElectionTimeout.TotalMilliseconds}ms)");
        if (ElectionTimeout < 5 * Heartbeat)
            throw new ArgumentException($"--election-timeout[{ElectionTimeout.TotalMilliseconds}ms] should be at least as 5 times as --heartbeat-interval[{Heartbeat.TotalMilliseconds}ms]");
        if (ElectionTimeout.TotalMilliseconds > 50000)
            throw new ArgumentException($"--election-timeout[{ElectionTimeout.TotalMilliseconds}ms] is too long, and should be set less than 50000ms");
    }
}
