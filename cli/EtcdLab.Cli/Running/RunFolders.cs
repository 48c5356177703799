using System.Globalization;
using EtcdLab.Core.EventLog;
using EtcdLab.Core.Exceptions;

namespace EtcdLab.Cli.Running;

/// <summary>Where runs live: <c>reports/runs/&lt;run id&gt;/</c>, and how a run given on the command line is found.</summary>
public static class RunFolders
{
    /// <summary>The folder of every run's folder.</summary>
    public static string RunsDirectory(string reports) => Path.Combine(reports, "runs");

    /// <summary>Longest run id: the Docker driver names containers and labels after it.</summary>
    public const int MaxRunIdLength = 64;

    /// <summary>A new, unique run id: time, scenario (shortened to fit), target and seed.</summary>
    public static string NewRunId(string scenario, string target, ulong seed)
    {
        var time = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var tail = $"-{target}-s{seed}-{Guid.NewGuid().ToString("N")[..4]}";
        var room = MaxRunIdLength - time.Length - 1 - tail.Length;
        var name = scenario.Length <= room ? scenario : scenario[..Math.Max(1, room)].TrimEnd('-');
        return $"{time}-{name}{tail}";
    }

    /// <summary>The events file of a run given as a folder, an events.jsonl file, or a run id under <paramref name="reports"/>.</summary>
    public static string EventsFile(string run, string reports)
    {
        if (File.Exists(run)) return run;
        if (Directory.Exists(run) && File.Exists(Path.Combine(run, JsonLinesEventLog.FileName))) return Path.Combine(run, JsonLinesEventLog.FileName);
        var byId = Path.Combine(RunsDirectory(reports), run, JsonLinesEventLog.FileName);
        if (File.Exists(byId)) return byId;
        throw new InputException(
            $"{run}: no such run. Pass a run folder (reports/runs/<run-id>), its {JsonLinesEventLog.FileName}, or a run id; `ls {RunsDirectory(reports)}` lists them.");
    }
}
