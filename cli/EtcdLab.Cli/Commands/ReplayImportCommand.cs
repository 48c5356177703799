using System.CommandLine;
using EtcdLab.Cli.Output;
using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Incidents.Import;
using Spectre.Console;

namespace EtcdLab.Cli.Commands;

/// <summary><c>etcdlab replay import &lt;file or folder&gt;... [--out incident.yaml] [--name incident]</c>: drafts an
/// incident.yaml from an incident's raw logs and outputs (docs/incident-format.md).</summary>
public static class ReplayImportCommand
{
    /// <summary>Builds <c>import</c>.</summary>
    public static Command Create(IAnsiConsole console, IAnsiConsole errors)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Raw files, a raw/ folder, or an incident folder (its raw/ is read)",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--out") { Description = "Write the draft to this file (default: standard output)" };
        var name = new Option<string?>("--name") { Description = "The incident's name (default: the incident folder's)" };
        var force = new Option<bool>("--force") { Description = "Overwrite --out if it exists" };
        var command = new Command("import", "Draft an incident.yaml from raw logs, shell history and etcdctl outputs; every line ends up as an entry or a comment")
        {
            paths, output, name, force,
        };
        command.SetAction(parse =>
        {
            var given = parse.GetValue(paths)!;
            var target = parse.GetValue(output);
            if (target is not null && File.Exists(target) && !parse.GetValue(force))
                throw new InputException($"--out {target}: the file exists; pass --force to overwrite it, or name another file.");
            if (target is not null && Directory.Exists(target))
                throw new InputException($"--out {target} is a folder; name the incident.yaml file to write.");
            var inputs = RawInputs.Read(given);
            var draft = IncidentDraft.From(parse.GetValue(name) ?? RawInputs.GuessName(given), inputs);
            var yaml = draft.ToYaml();
            if (target is null) console.Profile.Out.Writer.Write(yaml);
            else WriteAtomically(target, yaml, parse.GetValue(force));
            foreach (var file in draft.Files.Where(f => f.Unrecognised > 0))
                errors.MarkupLine($"[yellow]warning:[/] {Markup.Escape(file.File)}: {file.Unrecognised} unrecognised line(s) kept as comments");
            // A draft is for a person to finish; say what still stops `etcdlab replay` from running it.
            try
            {
                Core.Scenarios.ScenarioLoader.ParseIncident(yaml, target ?? draft.Name + "/incident.yaml");
            }
            catch (Core.Exceptions.ScenarioException e)
            {
                errors.MarkupLine($"[yellow]to finish:[/] {Markup.Escape(e.Message)}");
            }
            errors.MarkupLine(Markup.Escape($"{draft.Name}: {draft.Entries.Count} entries, {draft.Hosts.Count} hosts, {draft.Symptoms.Count} symptoms from {draft.Files.Count} file(s)"
                                            + (target is null ? "" : $"; written to {target}")));
            return ExitCodes.Passed;
        });
        return command;
    }

    /// <summary>Writes a temporary file beside <paramref name="target"/>, then renames it: a reader sees the old
    /// file or the whole new one, and a failure leaves no half-written draft.</summary>
    private static void WriteAtomically(string target, string text, bool overwrite)
    {
        var full = Path.GetFullPath(target);
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder)) throw new InputException($"--out {target}: the folder {folder} does not exist.");
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temp, text);
            File.Move(temp, full, overwrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(temp)) File.Delete(temp);
            throw new InputException(File.Exists(full) && !overwrite
                ? $"--out {target}: the file exists; pass --force to overwrite it, or name another file."
                : $"--out {target} cannot be written: {e.Message}");
        }
    }
}
