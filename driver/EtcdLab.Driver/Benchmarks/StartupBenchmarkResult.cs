using System.Globalization;

namespace EtcdLab.Driver.Benchmarks;

/// <summary>Wall time from "start the cluster" to three healthy members, per round.</summary>
/// <param name="Driver">Through the driver: <see cref="Builders.EtcdClusterBuilder"/> with three members, <see cref="Containers.EtcdCluster.StartAsync"/>.</param>
/// <param name="Plain">Three plain <c>docker run -d</c> of the same containers, polled with <c>etcdctl endpoint health</c>.</param>
public sealed record StartupBenchmarkResult(IReadOnlyList<TimeSpan> Driver, IReadOnlyList<TimeSpan> Plain)
{
    /// <summary>Median of the driver rounds.</summary>
    public TimeSpan DriverMedian => Median(Driver);

    /// <summary>Median of the plain rounds.</summary>
    public TimeSpan PlainMedian => Median(Plain);

    /// <summary>Driver median over plain median; the driver's goal is at most 1.5.</summary>
    public double Ratio => DriverMedian / PlainMedian;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"driver {DriverMedian.TotalMilliseconds:0} ms (rounds {Rounds(Driver)}), plain docker run {PlainMedian.TotalMilliseconds:0} ms (rounds {Rounds(Plain)}), ratio {Ratio:0.00}");

    private static TimeSpan Median(IReadOnlyList<TimeSpan> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Rounds(IReadOnlyList<TimeSpan> values) =>
        string.Join(" ", values.Select(v => v.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)));
}
