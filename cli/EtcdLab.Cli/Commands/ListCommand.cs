using System.CommandLine;
using EtcdLab.Core.Scenarios;
using Spectre.Console;

namespace EtcdLab.Cli.Commands;

/// <summary><c>etcdlab list</c>: the scenarios, with the runbook each comes from.</summary>
public static class ListCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(IAnsiConsole console)
    {
        var dir = new Option<string>("--dir") { Description = "Folder of scenario files", DefaultValueFactory = _ => "scenarios" };
        var command = new Command("list", "List the scenarios and mutants with the runbook procedure each follows") { dir };
        command.SetAction(parse =>
        {
            var root = parse.GetValue(dir)!;
            if (!Directory.Exists(root))
                throw new Core.Exceptions.InputException($"{root}: no such folder. Run etcdlab from the repository root, or pass --dir <folder of scenarios>.");
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumn("scenario").AddColumn("procedure").AddColumn("runbook").AddColumn("file");
            foreach (var file in Directory.GetFiles(root, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var s = ScenarioLoader.LoadFile(file);
                var runbook = s.Runbook.Length > 70 ? s.Runbook[..69] + "…" : s.Runbook;
                table.AddRow(Markup.Escape(s.Name), Markup.Escape(s.Procedure), Markup.Escape(runbook), Markup.Escape(file));
            }
            console.Write(table);
            return Output.ExitCodes.Passed;
        });
        return command;
    }
}
