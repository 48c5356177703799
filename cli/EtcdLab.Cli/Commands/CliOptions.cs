using System.CommandLine;
using EtcdLab.Cli.Running;
using EtcdLab.Core.Exceptions;

namespace EtcdLab.Cli.Commands;

/// <summary>Options several commands share.</summary>
public static class CliOptions
{
    /// <summary><c>--reports</c>: where run folders and the embedded event store go.</summary>
    public static Option<string> Reports() => new("--reports")
    {
        Description = "Folder for run reports and the embedded event store",
        DefaultValueFactory = _ => "reports",
    };

    /// <summary>Makes sure the <c>--reports</c> folder and its <c>runs/</c> folder exist, before a run
    /// writes anything, so that a bad path is reported as bad input instead of failing half-way.
    /// Call it once the scenario files are known to be good: bad input leaves nothing behind.</summary>
    /// <exception cref="InputException">The path is a file, or the folders cannot be created.</exception>
    public static void PrepareReports(string reports)
    {
        var runs = RunFolders.RunsDirectory(reports);
        foreach (var folder in new[] { reports, runs })
            if (File.Exists(folder))
                throw new InputException($"--reports {reports}: {folder} is a file; --reports names a folder for run reports and the embedded event store (default: reports).");
        try
        {
            Directory.CreateDirectory(runs);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"--reports {reports}: the folder {runs} cannot be created ({e.Message}); pass --reports <a folder you can write>.");
        }
    }

    /// <summary><c>--store</c>: which event store also receives each run's stream.</summary>
    public static Option<string> Store() => new("--store")
    {
        Description = "Event store for the run's stream: sqlite (embedded, reports/etcdlab.db), postgres (--pg or ETCDLAB_PG), or none",
        DefaultValueFactory = _ => "sqlite",
    };

    /// <summary><c>--pg</c>: PostgreSQL connection string for <c>--store postgres</c>.</summary>
    public static Option<string?> Pg() => new("--pg")
    {
        Description = "PostgreSQL connection string for --store postgres (default: the ETCDLAB_PG environment variable)",
    };

    /// <summary><c>--target</c>: <c>sim</c> or <c>docker</c>.</summary>
    public static Option<string> Target() => new("--target")
    {
        Description = "Where the cluster runs: sim (simulated hosts, virtual time) or docker (real etcd 3.4 containers)",
        DefaultValueFactory = _ => "sim",
    };

    /// <summary><c>--seed</c>: the run's seed; random when absent (and printed, to reproduce).</summary>
    public static Option<ulong?> Seed() => new("--seed")
    {
        Description = "Seed of the run; the same seed on the simulator gives the same event log",
    };
}
