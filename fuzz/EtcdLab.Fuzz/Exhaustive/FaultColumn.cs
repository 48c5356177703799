using EtcdLab.Core.Faults;
using EtcdLab.Fuzz.Profiles;

namespace EtcdLab.Fuzz.Exhaustive;

/// <summary>One column of a fault map: a kind of fault aimed at one target (a named host or a role), as
/// it strikes right before each step.</summary>
/// <param name="Kind">What the fault does.</param>
/// <param name="Target">Whom it hits.</param>
/// <param name="Shape">How a partition cuts the cluster.</param>
public sealed record FaultColumn(FaultKind Kind, FaultTarget Target, PartitionShape Shape)
{
    /// <summary>The column's heading: <c>crash m1</c>, <c>partition (minority) leader</c>.</summary>
    public string Heading => Kind == FaultKind.Partition && Shape != PartitionShape.Isolate
        ? $"{FaultProfileFile.KindWord(Kind)} ({Shape.ToString().ToLowerInvariant()})"
        : FaultProfileFile.KindWord(Kind);

    /// <summary>The fault of this column placed at <paramref name="at"/>, lasting <paramref name="lasts"/>.</summary>
    public Fault At(FaultPlacement at, TimeSpan lasts, FaultProfile profile) => new(
        Kind, Target, at, lasts, Shape,
        Kind == FaultKind.Delay ? profile.Latency.Max : null,
        Kind == FaultKind.Loss ? profile.Loss.Max : null);
}
