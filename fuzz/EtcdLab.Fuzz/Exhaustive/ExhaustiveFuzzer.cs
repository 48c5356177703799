using System.Collections.Concurrent;
using EtcdLab.Core.Events;
using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Faults;
using EtcdLab.Fuzz.Engine;
using EtcdLab.Fuzz.Generation;
using EtcdLab.Fuzz.Judging;
using EtcdLab.Fuzz.Profiles;
using EtcdLab.Fuzz.Running;

namespace EtcdLab.Fuzz.Exhaustive;

/// <summary>
/// Instead of random schedules, every single fault of a profile at every step (<c>--exhaustive 1</c>: a
/// <see cref="FaultMap"/>), or every pair of them (<c>--exhaustive 2</c>) while their number stays under
/// <see cref="MaxPairRuns"/>. A fault strikes right before its step and lasts the profile's longest
/// duration; every run uses the same seed, so cells differ only by their fault.
/// </summary>
public sealed class ExhaustiveFuzzer
{
    /// <summary>Most pairs <c>--exhaustive 2</c> runs: 25,000 runs take a few minutes on two cores.</summary>
    public const long MaxPairRuns = 25_000;

    private readonly ScheduleSpace _space;
    private readonly FaultProfile _profile;
    private readonly ulong _seed;
    private readonly int _jobs;
    private readonly CaseRunner _runner;
    private long _done;

    /// <summary>A fuzzer for <paramref name="space"/>'s scenario under <paramref name="profile"/>.</summary>
    public ExhaustiveFuzzer(ScheduleSpace space, FaultProfile profile, ulong seed, int jobs, IRunJudge? judge = null)
    {
        _space = space;
        _profile = profile;
        _seed = seed;
        _jobs = jobs;
        _runner = new CaseRunner(space.Scenario, judge) { KeepEvents = true };
        Columns = ColumnsOf(space, profile);
    }

    /// <summary>The faults: each kind of the profile at each of its targets (every host for named targets, each role), each partition shape.</summary>
    public IReadOnlyList<FaultColumn> Columns { get; }

    /// <summary>The steps faults strike before.</summary>
    public IReadOnlyList<int> Steps => _space.Scenario.Steps.Select(s => s.Index).ToArray();

    /// <summary>How long each fault lasts: the profile's longest duration.</summary>
    public TimeSpan Lasting => _profile.Duration.Max;

    /// <summary>Runs of <c>--exhaustive 1</c>.</summary>
    public long SingleCount => (long)Steps.Count * Columns.Count;

    /// <summary>Runs of <c>--exhaustive 2</c>: every unordered pair of two different single faults.</summary>
    public long PairCount => SingleCount * (SingleCount - 1) / 2;

    /// <summary>Runs finished so far (for progress).</summary>
    public long Done => Interlocked.Read(ref _done);

    /// <summary>Runs every single fault at every step.</summary>
    public async Task<FaultMap> SinglesAsync(CancellationToken ct)
    {
        var singles = Singles();
        var cells = new FaultMapCell[singles.Length];
        _done = 0;
        await Workers.RunAsync(singles.Length, _jobs, _ => true, i =>
        {
            var (step, column) = singles[i];
            var result = Run([column.At(Before(step), Lasting, _profile)], ct);
            var struck = result.Events!.OfType<FaultInjected>().Any(f => f.Skipped is null);
            cells[i] = new FaultMapCell(step, column, result with { Events = null }, struck);
            Interlocked.Increment(ref _done);
        }, ct);
        return new FaultMap(_space.Scenario, _profile, Lasting, _seed, Columns, cells);
    }

    /// <summary>Runs every pair of two different single faults; <paramref name="singles"/> tells which fail alone.</summary>
    /// <exception cref="InputException">More than <see cref="MaxPairRuns"/> pairs.</exception>
    public async Task<PairReport> PairsAsync(FaultMap singles, CancellationToken ct)
    {
        if (PairCount > MaxPairRuns)
            throw new InputException(
                $"--exhaustive 2 on {_space.Scenario.Name} would run {PairCount:N0} pairs ({SingleCount:N0} single faults: {Steps.Count} steps x {Columns.Count} faults), "
                + $"more than the {MaxPairRuns:N0} it runs at most; narrow the profile (fewer kinds or targets: --profile FILE) or use random schedules (--runs).");
        var list = Singles();
        var failsAlone = list.Select(s => singles[s.Step, s.Column].Result.Verdict == CaseVerdict.Failed).ToArray();
        var pairs = new List<(int A, int B)>();
        for (var a = 0; a < list.Length; a++)
            for (var b = a + 1; b < list.Length; b++)
                pairs.Add((a, b));
        var together = new ConcurrentBag<(int Index, PairFinding Finding)>();
        long failed = 0, alone = 0, discarded = 0;
        _done = 0;
        await Workers.RunAsync(pairs.Count, _jobs, _ => true, i =>
        {
            var (a, b) = pairs[(int)i];
            var result = Run([list[a].Column.At(Before(list[a].Step), Lasting, _profile), list[b].Column.At(Before(list[b].Step), Lasting, _profile)], ct) with { Events = null };
            switch (result.Verdict)
            {
                case CaseVerdict.Failed when failsAlone[a] || failsAlone[b]:
                    Interlocked.Increment(ref failed);
                    Interlocked.Increment(ref alone);
                    break;
                case CaseVerdict.Failed:
                    Interlocked.Increment(ref failed);
                    together.Add(((int)i, new PairFinding(list[a], list[b], result)));
                    break;
                case CaseVerdict.Discarded:
                    Interlocked.Increment(ref discarded);
                    break;
            }
            Interlocked.Increment(ref _done);
        }, ct);
        return new PairReport(pairs.Count, failed, alone, discarded, together.OrderBy(t => t.Index).Select(t => t.Finding).ToArray());
    }

    private (int Step, FaultColumn Column)[] Singles() =>
        Steps.SelectMany(step => Columns.Select(column => (step, column))).ToArray();

    private static FaultPlacement Before(int step) => new(false, step, TimeSpan.Zero);

    private CaseResult Run(Fault[] faults, CancellationToken ct) =>
        _runner.RunAsync(new FuzzCase(new FaultSchedule(_space.Scenario.Name, faults), _seed, _profile), ct).GetAwaiter().GetResult();

    private static IReadOnlyList<FaultColumn> ColumnsOf(ScheduleSpace space, FaultProfile profile)
    {
        var targets = profile.Targets.SelectMany(t => t == FaultTargetKind.Host
            ? space.Hosts.Select(FaultTarget.Named)
            : [new FaultTarget(t)]).ToArray();
        return profile.Kinds
            .SelectMany(kind => (kind == FaultKind.Partition ? profile.Shapes : [PartitionShape.Isolate])
                .SelectMany(shape => targets.Select(target => new FaultColumn(kind, target, shape))))
            .ToArray();
    }
}
