using System.Globalization;
using EtcdLab.Core.EventLog;
using EtcdLab.Core.Hygiene;
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

    /// <summary>File in a run folder being written that names the process writing it.</summary>
    public const string OwnerFile = ".owner";

    /// <summary>Creates the temporary folder of a run being written, marked with this process as its owner.</summary>
    public static void CreatePartial(string partial)
    {
        Directory.CreateDirectory(partial);
        File.WriteAllText(Path.Combine(partial, OwnerFile), RunOwner.Current.ToFileText());
    }

    /// <summary>The run ids of the temporary folders under <paramref name="runs"/> whose process died
    /// before finishing (killed with SIGKILL, say).</summary>
    public static IReadOnlyList<string> AbandonedRunIds(string runs) =>
        AbandonedPartials(runs).Select(dir => Path.GetFileName(dir)[1..^".partial".Length]).ToArray();

    private static IEnumerable<string> AbandonedPartials(string runs)
    {
        if (!Directory.Exists(runs)) yield break;
        foreach (var dir in Directory.EnumerateDirectories(runs, ".*.partial"))
        {
            var owner = RunOwner.FromFile(Path.Combine(dir, OwnerFile));
            if (owner is { IsAlive: true }) continue;
            if (owner is null && DateTime.UtcNow - Directory.GetLastWriteTimeUtc(dir) < TimeSpan.FromMinutes(1)) continue;
            yield return dir;
        }
    }

    /// <summary>Removes the temporary folders of runs whose process died before finishing (killed
    /// with SIGKILL, say), so a killed harness leaves no half-written run behind after the next start;
    /// returns how many it removed.</summary>
    public static int RemoveAbandonedPartials(string runs)
    {
        var removed = 0;
        foreach (var dir in AbandonedPartials(runs).ToArray())
        {
            try
            {
                Directory.Delete(dir, recursive: true);
                removed++;
            }
            catch (IOException)
            {
                // Another run removes it at the same time; either way it goes.
            }
        }
        return removed;
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
