using System.CommandLine;
using EtcdLab.Cli.Running;
using EtcdLab.Core.Checkers;
using EtcdLab.Core.Conformance;
using Spectre.Console;

namespace EtcdLab.Cli.Commands;

/// <summary>
/// <c>etcdlab conform</c>: runs each scenario on real etcd in Docker and on the simulator (same seed,
/// same loopback addresses) and prints, step by step and side by side, the errors, member count,
/// cluster IDs and health, then every invariant verdict; each disagreement is listed with the step
/// where it starts.
/// </summary>
public static class ConformCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(IAnsiConsole console, ITargetFactory targets)
    {
        var scenarios = ScenarioArguments.Create();
        var seed = new Option<ulong>("--seed") { Description = "Seed of both runs", DefaultValueFactory = _ => 1 };
        var reports = CliOptions.Reports();
        var command = new Command("conform", "Run scenarios on both targets and list every disagreement between the simulator and real etcd")
        {
            scenarios, seed, reports,
        };
        command.SetAction(async (parse, ct) =>
        {
            var loaded = ScenarioArguments.Resolve(parse.GetValue(scenarios), withMutants: true);
            CliOptions.PrepareReports(parse.GetValue(reports)!);
            var reportList = new List<ConformanceReport>();
            var aborted = 0;
            foreach (var scenario in loaded)
            {
                var session = new RunSession(targets);
                var docker = await session.RunAsync(scenario, new RunRequest(scenario.File, "docker", parse.GetValue(seed), parse.GetValue(reports)!), null, ct);
                // The simulator places the hosts where Docker did: member and cluster IDs derive from peer URLs.
                var sim = await session.RunAsync(scenario, new RunRequest(scenario.File, "sim", parse.GetValue(seed), parse.GetValue(reports)!, docker.Addresses.Slot), null, ct);
                if (docker.Aborted || sim.Aborted)
                {
                    // Nothing to compare: one side did not finish. Its folder holds what happened.
                    aborted++;
                    foreach (var run in new[] { docker, sim }.Where(r => r.Aborted))
                        console.MarkupLine($"[red]{Markup.Escape(scenario.Name)} on {run.Summary.Target} did not finish:[/] {Markup.Escape(run.Summary.Aborted!)} ({Markup.Escape(run.Folder)})");
                    continue;
                }
                var report = ConformanceReport.Compare(sim.Events, docker.Events);
                reportList.Add(report);
                Print(console, report);
            }
            PrintSummary(console, reportList);
            if (aborted > 0) return Output.ExitCodes.InternalError;
            return reportList.All(r => r.Disagreements.All(d => !d.Fact.StartsWith("verdict:", StringComparison.Ordinal)))
                ? Output.ExitCodes.Passed : Output.ExitCodes.Failed;
        });
        return command;
    }

    private static void Print(IAnsiConsole console, ConformanceReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"{Markup.Escape(report.Scenario)}: simulator | real etcd")
            .AddColumn("#").AddColumn("error (sim | etcd)").AddColumn("members").AddColumn("cluster IDs").AddColumn("healthy").AddColumn("");
        foreach (var index in report.Sim.Keys.Union(report.Docker.Keys).Order())
        {
            var s = report.Sim.GetValueOrDefault(index);
            var d = report.Docker.GetValueOrDefault(index);
            var same = ConformanceReport.Pairs(s, d).All(p => p.Item1 == p.Item2);
            table.AddRow(
                index.ToString(),
                Side(s?.Error, d?.Error),
                Side(s?.Members?.ToString(), d?.Members?.ToString()),
                Side(s?.ClusterIds, d?.ClusterIds),
                Side(s?.Healthy, d?.Healthy),
                same ? "[green]=[/]" : "[red]≠[/]");
        }
        console.Write(table);
        var verdicts = new Table().Border(TableBorder.Rounded).AddColumn("invariant").AddColumn("simulator").AddColumn("real etcd").AddColumn("");
        foreach (var (s, d) in report.SimVerdicts.Zip(report.DockerVerdicts))
            verdicts.AddRow(Markup.Escape(s.Id), Verdict(s), Verdict(d), s.Status == d.Status ? "[green]=[/]" : "[red]≠[/]");
        console.Write(verdicts);
        foreach (var x in report.Disagreements)
            console.MarkupLine(x.Step >= 0
                ? $"  [red]≠ {Markup.Escape(x.Fact)}[/] from step {x.Step} ({x.Steps} step(s)): simulator {Markup.Escape(x.Sim)}, real etcd {Markup.Escape(x.Docker)}"
                : $"  [red]≠ {Markup.Escape(x.Fact)}[/]: simulator {Markup.Escape(x.Sim)}, real etcd {Markup.Escape(x.Docker)}");
    }

    private static string Verdict(InvariantVerdict verdict) => verdict.Status switch
    {
        VerdictStatus.Holds => "holds",
        VerdictStatus.Broken => "[red]broken[/]",
        _ => "[grey]not applicable[/]",
    };

    private static string Side(string? sim, string? docker) =>
        sim == docker ? Markup.Escape(sim ?? "") : $"[red]{Markup.Escape(sim ?? "-")} | {Markup.Escape(docker ?? "-")}[/]";

    private static void PrintSummary(IAnsiConsole console, IReadOnlyList<ConformanceReport> reports)
    {
        var verdictAgree = reports.Sum(r => r.VerdictAgreement.Agree);
        var verdictTotal = reports.Sum(r => r.VerdictAgreement.Total);
        var stepAgree = reports.Sum(r => r.StepAgreement.Agree);
        var stepTotal = reports.Sum(r => r.StepAgreement.Total);
        console.MarkupLine($"[bold]Agreement over {reports.Count} scenario(s):[/] invariant verdicts {verdictAgree}/{verdictTotal} " +
                           $"({100.0 * verdictAgree / Math.Max(1, verdictTotal):0.0}%), step facts {stepAgree}/{stepTotal} ({100.0 * stepAgree / Math.Max(1, stepTotal):0.0}%)");
    }
}
