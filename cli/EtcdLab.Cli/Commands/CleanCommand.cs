using System.CommandLine;
using EtcdLab.Cli.Running;
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
        var reports = CliOptions.Reports();
        var command = new Command("clean", "Remove what killed runs left behind (containers, host disks, iptables rules, half-written run folders) without starting a run")
        {
            reports,
        };
        command.SetAction(async (parse, ct) =>
        {
            var partials = RunFolders.RemoveAbandonedPartials(RunFolders.RunsDirectory(parse.GetValue(reports)!));
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
