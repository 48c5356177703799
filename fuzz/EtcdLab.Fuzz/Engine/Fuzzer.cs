using System.Collections.Concurrent;
using System.Diagnostics;
using EtcdLab.Core.Scenarios;
using EtcdLab.Fuzz.Generation;
using EtcdLab.Fuzz.Running;
using EtcdLab.Fuzz.Shrinking;

namespace EtcdLab.Fuzz.Engine;

/// <summary>
/// Random search for fault schedules that break a scenario, on the simulator, on every core: case n
/// of a session is drawn from the session's seed and n alone (<see cref="ScheduleGenerator.CaseAt"/>),
/// runs on a target of its own, and is judged. At the first failure the search stops taking new
/// cases (unless <see cref="FuzzOptions.KeepGoing"/>), lets the cases below it finish, and reports the
/// failure with the lowest number, so the finding does not depend on the number of jobs. Each
/// distinct failure is then shrunk by FsCheck with <see cref="ScheduleShrinker"/>, keeping its run seed.
/// </summary>
public sealed class Fuzzer(FuzzOptions options)
{
    private readonly Stopwatch _clock = new();
    private string _scenario = "";
    private long _done, _failed, _discarded, _total;
    private volatile string? _shrinking;

    /// <summary>The options.</summary>
    public FuzzOptions Options => options;

    /// <summary>Where the session is now; safe to read from any thread.</summary>
    public FuzzProgress Progress =>
        new(_scenario, Interlocked.Read(ref _done), _total, Interlocked.Read(ref _failed), Interlocked.Read(ref _discarded), _clock.Elapsed, _shrinking);

    /// <summary>Fuzzes <paramref name="scenario"/>: a fault-free run first (its clock guides generation), then the search, then shrinking.</summary>
    /// <exception cref="Core.Exceptions.InputException">The scenario fails without faults, or the profile asks for faults the simulator cannot strike.</exception>
    public async Task<FuzzReport> FuzzAsync(Scenario scenario, CancellationToken ct)
    {
        var space = await ScheduleSpace.ExploreAsync(scenario, options.Seed, ct);
        return await FuzzAsync(space, ct);
    }

    /// <summary>Fuzzes the scenario of <paramref name="space"/>.</summary>
    public async Task<FuzzReport> FuzzAsync(ScheduleSpace space, CancellationToken ct)
    {
        _scenario = space.Scenario.Name;
        _total = options.Runs;
        _done = _failed = _discarded = 0;
        _shrinking = null;
        _clock.Restart();
        var generator = new ScheduleGenerator(space);
        var runner = new CaseRunner(space.Scenario, options.Judge);
        var failures = new ConcurrentBag<(long Index, CaseResult Result)>();
        long passed = 0;
        long stopAt = long.MaxValue;

        bool CanTake(long i) =>
            i <= Interlocked.Read(ref stopAt) && (options.TimeLimit is not { } limit || _clock.Elapsed < limit);

        void Run(long i)
        {
            var result = runner.RunAsync(generator.CaseAt(options.Profile, options.Seed, i), ct).GetAwaiter().GetResult();
            switch (result.Verdict)
            {
                case CaseVerdict.Passed:
                    Interlocked.Increment(ref passed);
                    break;
                case CaseVerdict.Discarded:
                    Interlocked.Increment(ref _discarded);
                    break;
                default:
                    Interlocked.Increment(ref _failed);
                    failures.Add((i, result));
                    if (!options.KeepGoing)
                    {
                        long seen;
                        while (i < (seen = Interlocked.Read(ref stopAt)) && Interlocked.CompareExchange(ref stopAt, i, seen) != seen)
                        {
                        }
                    }
                    break;
            }
            Interlocked.Increment(ref _done);
        }

        await Workers.RunAsync(options.Runs, options.Jobs, CanTake, Run, ct);
        var searched = _clock.Elapsed;

        // One finding per way of failing (what broke, within or beyond tolerance), the lowest case number first.
        var groups = failures.OrderBy(f => f.Index)
            .GroupBy(f => (f.Result.Judgement.BrokenText, f.Result.Judgement.WithinTolerance))
            .Take(options.KeepGoing ? options.MaxShrunk : 1)
            .ToArray();
        var shrinker = new ScheduleShrinker(space);
        var findings = new List<Finding>();
        foreach (var group in groups)
        {
            var (index, first) = group.First();
            _shrinking = $"case {index}: {first.Case}";
            var judgement = first.Judgement;
            var shrunk = CaseShrinking.Shrink(first.Case, shrinker, c => SameFailure(runner.RunAsync(c, ct).GetAwaiter().GetResult(), first),
                (c, n) => _shrinking = $"case {index}, shrink {n}: {c}");
            var minimal = await runner.RunAsync(shrunk.Minimal, ct);
            findings.Add(new Finding(index, first.Case, judgement, shrunk, minimal.Judgement, group.Count()));
        }
        _shrinking = null;
        _clock.Stop();
        return new FuzzReport(space.Scenario, options.Profile, options.Seed, Interlocked.Read(ref _done), passed, Interlocked.Read(ref _failed),
            Interlocked.Read(ref _discarded), searched, findings);
    }

    /// <summary>True when <paramref name="candidate"/> is a counted failure that breaks at least one of the things
    /// <paramref name="original"/> broke, and is no further beyond tolerance: shrinking keeps the failure's nature
    /// (a schedule that breaks something else is another finding), and may bring a failure beyond tolerance
    /// within it (a smaller schedule that still breaks the runbook is the better finding).</summary>
    internal static bool SameFailure(CaseResult candidate, CaseResult original) =>
        candidate.Verdict == CaseVerdict.Failed
        && (candidate.Judgement.WithinTolerance || !original.Judgement.WithinTolerance)
        && candidate.Judgement.Broken.Intersect(original.Judgement.Broken).Any();
}
