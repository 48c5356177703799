using System.CommandLine;

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
