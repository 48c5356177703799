using System.CommandLine;
using System.Globalization;
using EtcdLab.Cli.Output;
using EtcdLab.Cli.Running;
using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Scenarios;
using EtcdLab.Fuzz.Engine;
using EtcdLab.Fuzz.Generation;
using EtcdLab.Fuzz.Profiles;
using Spectre.Console;

namespace EtcdLab.Cli.Commands;

/// <summary>
/// <c>etcdlab fuzz &lt;scenario&gt;...</c>: random fault schedules placed around a scenario's steps, run on the
/// simulator on every core; the first failure (or each kind of failure, with <c>--keep-going</c>) is shrunk
/// by FsCheck and written to <c>reports/fuzz/&lt;id&gt;/</c> with a line that reproduces it; <c>--confirm docker:N</c>
/// runs the minimal schedule on real etcd. <c>--exhaustive 1|2</c> maps every single fault (or pair) instead,
/// and <c>--bench</c> measures the fuzzer's speed. Exit 0 nothing found, 1 found, 2 bad input.
/// </summary>
public static partial class FuzzCommand
{
    /// <summary>Docker runs of a minimal schedule when <c>--confirm docker</c> names no count.</summary>
    public const int DefaultConfirmRuns = 3;

    /// <summary>Builds the command.</summary>
    public static Command Create(IAnsiConsole console, ITargetFactory targets)
    {
        var scenarios = ScenarioArguments.Create();
        var runs = new Option<int>("--runs") { Description = "Schedules to try per scenario", DefaultValueFactory = _ => 1000 };
        var seed = new Option<ulong?>("--seed") { Description = "Seed of the session: the same seed gives the same schedules and the same runs (random when absent, and printed)" };
        var profile = new Option<string>("--profile")
        {
            Description = "Fault profile: default (one crash or partition within tolerance), harsh, swarm (each schedule draws its own profile), or a profile file (YAML)",
            DefaultValueFactory = _ => "default",
        };
        var maxFaults = new Option<int?>("--max-faults") { Description = "At most this many faults per schedule (overrides the profile's max-faults)" };
        var jobs = new Option<int>("--jobs") { Description = "Simulator runs at a time", DefaultValueFactory = _ => Environment.ProcessorCount };
        var time = new Option<string?>("--time") { Description = "Stop starting new schedules after this wall time (e.g. 30s, 5m)" };
        var confirm = new Option<string?>("--confirm") { Description = $"Re-run each minimal schedule on real etcd: docker (that is docker:{DefaultConfirmRuns}) or docker:N" };
        var exhaustive = new Option<int?>("--exhaustive") { Description = "Instead of random schedules: 1 runs every single fault of the profile right before every step (a fault map), 2 every pair of them" };
        var keepGoing = new Option<bool>("--keep-going") { Description = "Do not stop at the first failure: run every schedule, then shrink the first failure of each kind" };
        var bench = new Option<bool>("--bench") { Description = "Measure schedules per minute on the scenario (default P1) with one to three faults, and the time to shrink the planted weakness" };
        var reports = CliOptions.Reports();
        var store = CliOptions.Store();
        var pg = CliOptions.Pg();
        var command = new Command("fuzz", "Fuzz scenarios with random fault schedules on the simulator, shrink what breaks them and say how to reproduce it; exit 0 nothing found, 1 found, 2 bad input")
        {
            scenarios, runs, seed, profile, maxFaults, jobs, time, confirm, exhaustive, keepGoing, bench, reports, store, pg,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new FuzzRequest(
                Runs: Positive(parse.GetValue(runs), "--runs", "schedules per scenario"),
                Seed: parse.GetValue(seed) ?? RunCommand.NewSeed(),
                Profile: ProfileOf(parse.GetValue(profile)!, parse.GetValue(maxFaults)),
                Jobs: Positive(parse.GetValue(jobs), "--jobs", "runs at a time"),
                TimeLimit: TimeOf(parse.GetValue(time)),
                ConfirmRuns: ConfirmOf(parse.GetValue(confirm), targets),
                KeepGoing: parse.GetValue(keepGoing),
                Reports: parse.GetValue(reports)!,
                Store: parse.GetValue(store)!,
                Pg: parse.GetValue(pg));
            var exhaustiveLevel = parse.GetValue(exhaustive);
            if (exhaustiveLevel is not (null or 1 or 2))
                throw new InputException($"--exhaustive {exhaustiveLevel}: use 1 (every single fault at every step) or 2 (every pair of them).");
            if (parse.GetValue(bench))
            {
                var benchFiles = parse.GetValue(scenarios) is { Length: > 0 } given ? given : [Path.Combine("scenarios", "replace-failed-member.yaml")];
                return await BenchAsync(console, ScenarioArguments.Resolve(benchFiles, withMutants: false)[0], options, ct);
            }
            var files = ScenarioArguments.Resolve(parse.GetValue(scenarios), withMutants: false);
            if (exhaustiveLevel is { } level) return await ExhaustiveAsync(console, files, options, level, ct);
            CliOptions.PrepareReports(options.Reports);
            StoreFactory.Check(options.Store, options.Pg);
            return await RandomAsync(console, targets, files, options, ct);
        });
        return command;
    }

    private static async Task<int> RandomAsync(IAnsiConsole console, ITargetFactory targets, IReadOnlyList<Scenario> files, FuzzRequest request, CancellationToken ct)
    {
        var renderer = new FuzzRenderer(console);
        renderer.Header(request);
        var writer = new FuzzFindingWriter(targets, request);
        var found = 0;
        var reports = new List<FuzzReport>();
        foreach (var scenario in files)
        {
            var space = await ScheduleSpace.ExploreAsync(scenario, request.Seed, ct);
            var fuzzer = new Fuzzer(new FuzzOptions
            {
                Runs = request.Runs, Seed = request.Seed, Profile = request.Profile, Jobs = request.Jobs,
                TimeLimit = request.TimeLimit, KeepGoing = request.KeepGoing,
            });
            var report = await renderer.WithProgressAsync(() => fuzzer.FuzzAsync(space, ct), () => fuzzer.Progress, ct);
            reports.Add(report);
            renderer.ScenarioLine(report);
            foreach (var finding in report.Findings)
            {
                var written = await writer.WriteAsync(report, finding, ct);
                renderer.Finding(report, finding, written);
                found++;
            }
            if (found > 0 && !request.KeepGoing) break;
        }
        renderer.Totals(reports, files.Count);
        return found > 0 ? ExitCodes.Failed : ExitCodes.Passed;
    }

    private static int Positive(int value, string option, string what) =>
        value >= 1 ? value : throw new InputException($"{option} {value}: give at least 1 ({what}).");

    private static FaultProfile ProfileOf(string nameOrFile, int? maxFaults)
    {
        var profile = FaultProfiles.Resolve(nameOrFile);
        if (maxFaults is not { } k) return profile;
        if (k < 1 || k > FaultProfile.MaxFaultsLimit)
            throw new InputException($"--max-faults {k}: give a number from 1 to {FaultProfile.MaxFaultsLimit} (faults per schedule).");
        return profile.WithMaxFaults(k);
    }

    private static TimeSpan? TimeOf(string? text)
    {
        if (text is null) return null;
        return Durations.TryParse(text, out var d) && d > TimeSpan.Zero
            ? d
            : throw new InputException($"--time {text}: give a wall time such as 30s, 5m or 1h.");
    }

    private static int? ConfirmOf(string? text, ITargetFactory targets)
    {
        if (text is null) return null;
        var parts = text.Split(':', 2);
        if (parts[0] != "docker")
            throw new InputException($"--confirm {text}: minimal schedules are confirmed on docker; write --confirm docker or --confirm docker:N.");
        if (!targets.Kinds.Contains("docker"))
            throw new InputException($"--confirm {text}: this etcdlab has no docker target.");
        if (parts.Length == 1) return DefaultConfirmRuns;
        return int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 100
            ? n
            : throw new InputException($"--confirm {text}: N is how many Docker runs, from 1 to 100 (docker:5).");
    }
}
