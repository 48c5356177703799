using EtcdLab.Driver.Configurations;
using EtcdLab.Driver.Storage;

namespace EtcdLab.Driver.Benchmarks;

/// <summary>How <see cref="StartupBenchmark"/> measures.</summary>
public sealed record StartupBenchmarkOptions
{
    /// <summary>Measured rounds of each kind (after one unmeasured warm-up round of each).</summary>
    public int Rounds { get; init; } = 5;

    /// <summary>The etcd image; null for this machine's <c>etcdlab/etcd:&lt;version&gt;</c>.</summary>
    public string? Image { get; init; }

    /// <summary>Where the members' disks go.</summary>
    public string DataRoot { get; init; } = HostDirectories.DefaultRoot;

    /// <summary>Raft timing of both kinds of cluster.</summary>
    public EtcdTiming Timing { get; init; } = EtcdTiming.Tuned;

    /// <summary>Bound of one round.</summary>
    public TimeSpan RoundTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
