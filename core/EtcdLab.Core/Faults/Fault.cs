using EtcdLab.Core.Scenarios;

namespace EtcdLab.Core.Faults;

/// <summary>One fault of a schedule: what, to whom, when, and for how long.</summary>
/// <param name="Kind">What it does.</param>
/// <param name="Target">The host it hits.</param>
/// <param name="At">When it strikes.</param>
/// <param name="For">How long until it is undone (a crash restarted, a partition healed); null: it is
/// undone only when the schedule ends, before the run's verification (a crash that is never
/// restarted during the procedure).</param>
/// <param name="Shape">For <see cref="FaultKind.Partition"/>: how the cluster is cut.</param>
/// <param name="Latency">For <see cref="FaultKind.Delay"/>: the added one-way delay of every peer packet.</param>
/// <param name="LossRate">For <see cref="FaultKind.Loss"/>: the share of peer packets dropped, in (0, 1].</param>
public sealed record Fault(
    FaultKind Kind,
    FaultTarget Target,
    FaultPlacement At,
    TimeSpan? For,
    PartitionShape Shape = PartitionShape.Isolate,
    TimeSpan? Latency = null,
    double? LossRate = null)
{
    /// <summary>True for faults that take a member out of the cluster's quorum while they last
    /// (crash, stop, pause, disk loss, readdress, a partition that isolates it, and the loss of every
    /// packet, which cuts it off like a partition); delay and partial loss slow it down but leave it in.</summary>
    public bool TakesMemberOut => Kind switch
    {
        FaultKind.Delay => false,
        FaultKind.Loss => LossRate >= 1,
        _ => true,
    };

    /// <summary>The fault in an operator's words: <c>kill m1 right after step 8, restart it 2s later</c>.</summary>
    public string Describe()
    {
        var who = Target.Describe();
        var what = Kind switch
        {
            FaultKind.Crash => $"kill {who}",
            FaultKind.Stop => $"stop {who}",
            FaultKind.Pause => $"pause {who}",
            FaultKind.Partition => Shape switch
            {
                PartitionShape.Isolate => $"isolate {who} from the other hosts",
                PartitionShape.Minority => $"cut a minority holding {who} from the majority",
                _ => $"split the other hosts in two with only {who} reaching both",
            },
            FaultKind.Delay => $"delay {who}'s peer traffic by {Durations.Format(Latency ?? TimeSpan.Zero)}",
            FaultKind.Loss => $"drop {LossRate ?? 0:P0} of {who}'s peer traffic",
            FaultKind.DiskLoss => $"kill {who} and lose its data dir",
            _ => $"kill {who} and bring its host back on another address",
        };
        var undo = Kind switch
        {
            FaultKind.Crash or FaultKind.Stop or FaultKind.DiskLoss or FaultKind.Readdress => "restart it",
            FaultKind.Pause => "resume it",
            FaultKind.Partition => "heal",
            _ => "restore its links",
        };
        var until = For is { } d ? $"{undo} {Durations.Format(d)} later" : $"{undo} only when the procedure ends";
        return $"{what} {At.Describe()}, {until}";
    }
}
