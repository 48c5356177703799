using System.CommandLine;
using EtcdLab.Cli.Running;
using EtcdLab.Core.EventLog;
using EtcdLab.Core.Exceptions;
using EtcdLab.Driver.Docker;
using EtcdLab.Driver.Reaper;
using EtcdLab.Driver.Storage;
using Spectre.Console;

namespace EtcdLab.Cli.Commands;

/// <summary>
/// <c>etcdlab clean</c>: removes what killed runs left behind (their etcd containers, host disks,
/// iptables rules and half-written run folders) without starting a run. A run whose process still
/// lives is never touched. Every run start does the same on its own; this is for a machine where
/// nothing will run next.
/// </summary>
public static class CleanCommand
{
    /// <summary>How long to wait for a Docker engine before cleaning without one.</summary>
    private static readonly TimeSpan EngineWait = TimeSpan.FromSeconds(3);

    /// <summary>Builds the command.</summary>
    public static Command Create(IAnsiConsole console)
    {
        var (reports, store, pg) = (CliOptions.Reports(), CliOptions.Store(), CliOptions.Pg());
        var command = new Command("clean", "Remove what killed runs left behind (containers, host disks, iptables rules, half-written run folders) and mark their stored streams aborted, without starting a run")
        {
            reports, store, pg,
        };
        command.SetAction(async (parse, ct) =>
        {
            var runs = RunFolders.RunsDirectory(parse.GetValue(reports)!);
            var abandoned = RunFolders.AbandonedRunIds(runs);
            if (abandoned.Count > 0 && parse.GetValue(store) != "none")
            {
                await using var log = StoreFactory.Open(parse.GetValue(store)!, parse.GetValue(reports)!, parse.GetValue(pg))!;
                var marked = 0;
                foreach (var id in abandoned)
                    if (await AbandonedRuns.MarkAsync(log, id, ct)) marked++;
                console.MarkupLine($"Event store: marked {marked} stream(s) of dead runs aborted");
            }
            var partials = RunFolders.RemoveAbandonedPartials(runs);
            console.MarkupLine($"Run folders: removed {partials} half-written folder(s) of dead runs under {Markup.Escape(RunFolders.RunsDirectory(parse.GetValue(reports)!))}");

            DockerEngine? engine = null;
            try
            {
                engine = await DockerEngine.ConnectAsync(timeout: EngineWait, ct: ct);
            }
            catch (EnvironmentException)
            {
                console.MarkupLine("[yellow]Docker:[/] no engine answers, so no container was looked at; host disks and iptables rules of dead runs are still removed.");
            }
            using (engine)
            {
                var report = await ResourceReaper.ReapAsync(engine, HostDirectories.DefaultRoot, ct);
                console.MarkupLine($"Docker lab: {Markup.Escape(report.ToString())}");
                foreach (var run in report.DeadRuns) console.MarkupLine($"  [grey]{Markup.Escape(run)}[/]");
            }
            return Output.ExitCodes.Passed;
        });
        return command;
    }
}
