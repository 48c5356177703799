using System.Text.Json;
using EtcdLab.Cli.Commands;
using EtcdLab.Core.Events;
using EtcdLab.Core.Faults;
using EtcdLab.Fuzz.Engine;
using EtcdLab.Fuzz.Generation;
using EtcdLab.Fuzz.Judging;

namespace EtcdLab.Cli.Running;

/// <summary>
/// Writes a fuzz finding to <c>reports/fuzz/&lt;id&gt;/</c>: <c>schedule.yaml</c> (as found),
/// <c>schedule.min.yaml</c> (shrunk), <c>finding.json</c>, and the minimal schedule's full run on the
/// simulator under <c>runs/</c> (events, summary and log, and the event store as <c>--store</c> says);
/// then, when asked, runs the minimal schedule on real etcd and counts how often it fails there.
/// </summary>
public sealed class FuzzFindingWriter(ITargetFactory targets, FuzzRequest request)
{
    /// <summary>The folder of every fuzz finding.</summary>
    public static string FuzzDirectory(string reports) => Path.Combine(reports, "fuzz");

    /// <summary>Writes <paramref name="finding"/> of <paramref name="report"/> and confirms it on Docker when asked.</summary>
    public async Task<WrittenFinding> WriteAsync(FuzzReport report, Finding finding, CancellationToken ct)
    {
        var scenario = report.Scenario;
        var id = RunFolders.NewRunId(scenario.Name, "fuzz", report.Seed);
        var folder = Path.Combine(FuzzDirectory(request.Reports), id);
        Directory.CreateDirectory(folder);
        var minimal = finding.Minimal;
        var minFile = Path.Combine(folder, "schedule.min.yaml");
        await File.WriteAllTextAsync(Path.Combine(folder, "schedule.yaml"), Header(report, finding, finding.Found, "as found") + FaultScheduleFile.Write(finding.Found.Schedule), ct);
        await File.WriteAllTextAsync(minFile, Header(report, finding, minimal, "shrunk") + FaultScheduleFile.Write(minimal.Schedule), ct);
        var reproduce = $"etcdlab run {scenario.File} --faults {minFile} --seed {minimal.RunSeed}";

        // The minimal run in full, as `etcdlab run` makes it: it must fail as the fuzzer's run did.
        var session = new RunSession(targets, () => StoreFactory.Open(request.Store, request.Reports, request.Pg));
        var sim = await session.RunAsync(scenario, new RunRequest(scenario.File, "sim", minimal.RunSeed, folder, Faults: new FaultsRequest(minFile, minimal.Schedule)), null, ct);
        DockerConfirmation? confirmation = null;
        if (request.ConfirmRuns is { } n) confirmation = await ConfirmAsync(scenario, finding, minFile, folder, n, ct);

        var written = new WrittenFinding(folder, sim.Folder, !sim.Summary.Passed, reproduce, confirmation);
        await File.WriteAllTextAsync(Path.Combine(folder, "finding.json"), JsonSerializer.Serialize(new
        {
            scenario = scenario.Name,
            file = scenario.File,
            seed = report.Seed,
            caseNumber = finding.Index,
            runSeed = minimal.RunSeed,
            profile = finding.Found.Profile.Describe(),
            broken = finding.MinimalJudgement.Broken,
            withinTolerance = finding.MinimalJudgement.WithinTolerance,
            why = finding.MinimalJudgement.Why,
            found = ScheduleWords.Describe(finding.Found.Schedule, scenario),
            minimal = ScheduleWords.Describe(minimal.Schedule, scenario),
            shrinks = finding.Shrunk.Shrinks,
            shrinkRuns = finding.Shrunk.Runs,
            shrinkSeconds = finding.Shrunk.Wall.TotalSeconds,
            occurrences = finding.Occurrences,
            reproduce,
            minimalRun = sim.Folder,
            docker = confirmation,
        }, RunEventJson.IndentedOptions), ct);
        return written;
    }

    private async Task<DockerConfirmation> ConfirmAsync(Core.Scenarios.Scenario scenario, Finding finding, string minFile, string folder, int runs, CancellationToken ct)
    {
        int failed = 0, same = 0, aborted = 0;
        var folders = new List<string>();
        for (var i = 0; i < runs; i++)
        {
            var outcome = await new RunSession(targets).RunAsync(scenario,
                new RunRequest(scenario.File, "docker", finding.Minimal.RunSeed, folder, Faults: new FaultsRequest(minFile, finding.Minimal.Schedule)), null, ct);
            folders.Add(outcome.Folder);
            if (outcome.Aborted)
            {
                aborted++;
                continue;
            }
            if (outcome.Summary.Passed) continue;
            failed++;
            var judged = ToleranceJudge.Instance.Judge(finding.Minimal.Schedule, outcome.Events);
            if (judged.Broken.Intersect(finding.MinimalJudgement.Broken).Any()) same++;
        }
        return new DockerConfirmation(runs, failed, same, aborted, folders);
    }

    private static string Header(FuzzReport report, Finding finding, FuzzCase @case, string what) =>
        $"# {what} by etcdlab fuzz {report.Scenario.File} --seed {report.Seed} (case {finding.Index}), profile {@case.Profile.Describe()}{Environment.NewLine}"
        + $"# breaks: {finding.MinimalJudgement.BrokenText} ({finding.MinimalJudgement.ToleranceText}); reproduce with --seed {@case.RunSeed}{Environment.NewLine}";
}
