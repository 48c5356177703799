using System.CommandLine;
using EtcdLab.Cli.Output;
using EtcdLab.Cli.Running;
using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Incidents;
using EtcdLab.Core.Scenarios;
using Spectre.Console;

namespace EtcdLab.Cli.Commands;

/// <summary>
/// <c>etcdlab replay &lt;incident&gt;</c>: turns an incident's timeline into runs on the targets and
/// seeds asked for, and prints, per timeline entry, what was recorded beside what each target showed,
/// then each symptom as reproduced or not. With <c>--then</c>, the replay follows the incident up to
/// an entry and continues with the right procedure, which should avoid every symptom.
/// </summary>
public static class ReplayCommand
{
    /// <summary>Most seeds one replay runs per target.</summary>
    public const int MaxSeeds = 100;

    /// <summary>Builds the command.</summary>
    /// <param name="console">Where results go.</param>
    /// <param name="errors">Where <c>replay import</c>'s warnings go.</param>
    /// <param name="targets">Makes the runs' targets.</param>
    public static Command Create(IAnsiConsole console, IAnsiConsole errors, ITargetFactory targets)
    {
        var incident = new Argument<string>("incident") { Description = "The incident's folder (with its incident.yaml), for example incidents/member-add-started-as-new" };
        var target = new Option<string>("--target")
        {
            Description = "Where to replay: sim, docker, or both (each with the same seeds)",
            DefaultValueFactory = _ => "sim",
        };
        var seeds = new Option<int>("--seeds") { Description = $"How many seeds per target (1 to {MaxSeeds}), from --seed on", DefaultValueFactory = _ => 1 };
        var seed = CliOptions.Seed();
        var then = new Option<string?>("--then")
        {
            Description = "Continue with the right procedure instead of the rest of the timeline: a scenario file whose steps follow, "
                          + "or nothing to use the incident's own then: section",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var fromEntry = new Option<int?>("--from-entry") { Description = "The first timeline entry the right procedure replaces (default: the incident's then: from-entry)" };
        var maxGap = new Option<string?>("--max-gap") { Description = "Longest wait a gap of the timeline becomes, overriding the incident's max-gap (for example 2s for a quick look)" };
        var reports = CliOptions.Reports();
        var store = CliOptions.Store();
        var pg = CliOptions.Pg();
        var command = new Command("replay", "Replay an incident's timeline on the simulator and/or real etcd and show whether its symptoms reproduce; "
                                            + "exit 0 when every symptom reproduced (with --then: when none appeared and the right procedure passed), 1 when not, 2 on bad input")
        {
            incident, target, seeds, seed, then, fromEntry, maxGap, reports, store, pg,
            ReplayImportCommand.Create(console, errors),
        };
        command.SetAction(async (parse, ct) =>
        {
            var loaded = ScenarioLoader.LoadIncident(parse.GetValue(incident)!);
            if (parse.GetValue(maxGap) is { } gapText)
                loaded = loaded with
                {
                    MaxGap = Durations.TryParse(gapText, out var gap) && gap >= TimeSpan.FromMilliseconds(1) && gap <= TimeSpan.FromHours(1)
                        ? gap
                        : throw new InputException($"--max-gap {gapText}: give a duration from 1ms to 1h, such as 2s or 1m."),
                };
            var kinds = parse.GetValue(target) switch
            {
                "both" => targets.Kinds.ToArray(),
                var k when targets.Kinds.Contains(k!) => [k!],
                var k => throw new InputException($"--target {k}: unknown target; use {string.Join(", ", targets.Kinds)} or both."),
            };
            var count = parse.GetValue(seeds);
            if (count is < 1 or > MaxSeeds) throw new InputException($"--seeds {count}: give 1 to {MaxSeeds} seeds per target.");
            var rightProcedure = Right(loaded, parse.GetResult(then) is not null, parse.GetValue(then), parse.GetValue(fromEntry));
            var replay = loaded.ToScenario(rightProcedure);
            var first = parse.GetValue(seed) ?? RunCommand.NewSeed();
            var reportsDirectory = parse.GetValue(reports)!;
            CliOptions.PrepareReports(reportsDirectory);
            var storeKind = parse.GetValue(store)!;
            StoreFactory.Check(storeKind, parse.GetValue(pg));

            var renderer = new ReplayRenderer(console, replay);
            renderer.Header(kinds, count, first);
            var session = new RunSession(targets, () => StoreFactory.Open(storeKind, reportsDirectory, parse.GetValue(pg)));
            var runs = new List<ReplayRun>();
            foreach (var kind in kinds)
                for (var i = 0; i < count; i++)
                {
                    var s = first + (ulong)i;
                    var request = new RunRequest(loaded.File, kind, s, reportsDirectory)
                    {
                        Name = "replay-" + loaded.Name,
                        KeepGoing = true,
                        Reproduce = Reproduce(parse.GetValue(incident)!, kind, s, rightProcedure, parse.GetValue(then)) + (parse.GetValue(maxGap) is { } g ? $" --max-gap {g}" : ""),
                    };
                    var outcome = await session.RunAsync(replay.Scenario, request, null, ct);
                    var run = new ReplayRun(kind, s, outcome, ReplayAnalysis.Symptoms(replay, outcome.Events), ReplayAnalysis.Entries(replay, outcome.Events));
                    renderer.Progress(run);
                    runs.Add(run);
                }
            var verdict = renderer.Summary(runs);
            return runs.Any(r => r.Outcome.Aborted) ? ExitCodes.InternalError : verdict ? ExitCodes.Passed : ExitCodes.Failed;
        });
        return command;
    }

    /// <summary>The right procedure the command line asks for, or null for the timeline as recorded.</summary>
    private static IncidentThen? Right(Incident incident, bool thenGiven, string? thenFile, int? fromEntry)
    {
        if (!thenGiven && fromEntry is null) return null;
        if (fromEntry is { } k && (k < 1 || k > incident.Timeline.Count))
            throw new InputException($"--from-entry {k}: {incident.File} has entries 1 to {incident.Timeline.Count}.");
        if (string.IsNullOrEmpty(thenFile))
        {
            var own = incident.Then
                ?? throw new InputException($"{incident.File} has no then: section; name a scenario to continue with: --then <scenario.yaml> --from-entry <entry>.");
            return own with { FromEntry = fromEntry ?? own.FromEntry };
        }
        var scenario = ScenarioLoader.LoadFile(thenFile);
        var missing = scenario.Cluster.Hosts.Select(h => h.Name).Where(h => incident.Cluster.Hosts.All(i => i.Name != h)).ToArray();
        if (missing.Length > 0)
            throw new InputException($"--then {thenFile}: its hosts {string.Join(", ", missing)} are not hosts of {incident.File} ({string.Join(", ", incident.Cluster.Hosts.Select(h => h.Name))}); "
                                     + "the right procedure runs on the incident's cluster, so its hosts must have the same names.");
        var from = fromEntry ?? incident.Then?.FromEntry
            ?? throw new InputException($"--then {thenFile}: say where it takes over with --from-entry <entry> (1 to {incident.Timeline.Count}); {incident.File} has no then: section to take it from.");
        return new IncidentThen(from, $"{scenario.Name} ({scenario.Procedure})", scenario.Steps, thenFile);
    }

    private static string Reproduce(string incident, string target, ulong seed, IncidentThen? then, string? thenFile) =>
        $"etcdlab replay {incident} --target {target} --seed {seed}"
        + (then is null ? "" : " --then" + (string.IsNullOrEmpty(thenFile) ? "" : " " + thenFile) + $" --from-entry {then.FromEntry}");
}

/// <summary>One replay run on one target with one seed.</summary>
/// <param name="Target">sim or docker.</param>
/// <param name="Seed">The seed.</param>
/// <param name="Outcome">The run.</param>
/// <param name="Symptoms">Where each symptom showed.</param>
/// <param name="Entries">What each entry showed.</param>
public sealed record ReplayRun(string Target, ulong Seed, RunOutcome Outcome, IReadOnlyList<SymptomSeen> Symptoms, IReadOnlyList<EntryShown> Entries);
