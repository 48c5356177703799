using EtcdLab.Core.EventLog;
using EtcdLab.Core.Exceptions;
using EtcdLab.Store.Marten;
using EtcdLab.Store.Sqlite;

namespace EtcdLab.Cli.Running;

/// <summary>Opens the event store a run's stream also goes to (besides its own events.jsonl).</summary>
public static class StoreFactory
{
    /// <summary>Environment variable holding the PostgreSQL connection string.</summary>
    public const string PgVariable = "ETCDLAB_PG";

    /// <summary>Checks <c>--store</c> and its connection string without opening anything, so that a
    /// command can refuse bad options before it makes a target or writes a file.</summary>
    /// <exception cref="InputException">An unknown store, or postgres without a connection string.</exception>
    public static void Check(string kind, string? pg)
    {
        if (kind is not ("none" or "sqlite" or "postgres"))
            throw new InputException($"--store {kind}: unknown store; use sqlite, postgres or none.");
        if (kind == "postgres" && (pg ?? Environment.GetEnvironmentVariable(PgVariable)) is null)
            throw new InputException($"--store postgres needs a connection string: pass --pg \"Host=...;Database=etcdlab;...\" or set {PgVariable} (scripts/ensure-postgres.sh prints one).");
    }

    /// <summary>The store named by <c>--store</c>: <c>sqlite</c> (reports/etcdlab.db), <c>postgres</c> or <c>none</c>.</summary>
    public static IEventLog? Open(string kind, string reports, string? pg)
    {
        Check(kind, pg);
        switch (kind)
        {
            case "none":
                return null;
            case "sqlite":
                Directory.CreateDirectory(reports);
                return SqliteEventLog.Open(Path.Combine(reports, "etcdlab.db"));
            case "postgres":
                var connection = pg ?? Environment.GetEnvironmentVariable(PgVariable)
                    ?? throw new InputException($"--store postgres needs a connection string: pass --pg \"Host=...;Database=etcdlab;...\" or set {PgVariable} (scripts/ensure-postgres.sh prints one).");
                return MartenEventLog.Open(connection);
            default:
                throw new InputException($"--store {kind}: unknown store; use sqlite, postgres or none.");
        }
    }
}
