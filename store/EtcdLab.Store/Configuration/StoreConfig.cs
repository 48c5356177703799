using System.Text.Encodings.Web;
using System.Text.Json;
using Akka.Configuration;
using Akka.Persistence.Sql;
using EtcdLab.Store.Logging;
using EtcdLab.Store.Serialization;

namespace EtcdLab.Store.Configuration;

/// <summary>The HOCON of the store's actor system, built in code from the chosen database.</summary>
internal static class StoreConfig
{
    /// <summary>Config path of the write journal.</summary>
    public const string JournalId = "akka.persistence.journal.sql";

    /// <summary>Config path of the read journal.</summary>
    public const string QueryId = "akka.persistence.query.journal.sql";

    /// <summary>The journal table. Named here, not left to the plugin's defaults, because
    /// <see cref="StoreDatabase.ListStreamsOldestFirstAsync"/> queries it directly.</summary>
    public const string JournalTable = "journal";

    /// <summary>The journal's column of global insertion order.</summary>
    public const string OrderingColumn = "ordering";

    /// <summary>The journal's column of persistence ids (run ids).</summary>
    public const string PersistenceIdColumn = "persistence_id";

    /// <summary>The journal's soft-delete flag.</summary>
    public const string DeletedColumn = "deleted";

    private static readonly JsonSerializerOptions HoconString = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Journal and read journal on <paramref name="database"/>, run events through
    /// <see cref="RunEventSerializer"/>, Akka's log kept out of the console.</summary>
    public static Config For(StoreDatabase database)
    {
        // A JSON string literal is a valid HOCON quoted string: connection strings and paths may hold
        // quotes, backslashes or '#', which HOCON would otherwise read as syntax or a comment.
        var connectionString = JsonSerializer.Serialize(database.ConnectionString, HoconString);
        var providerName = JsonSerializer.Serialize(database.ProviderName, HoconString);
        // The write and the read journal must map the same table and columns.
        var tableMapping = $$"""
            table-mapping = default
            default.journal {
              table-name = "{{JournalTable}}"
              columns {
                ordering = {{OrderingColumn}}
                persistence-id = {{PersistenceIdColumn}}
                deleted = {{DeletedColumn}}
              }
            }
            """;
        return ConfigurationFactory.ParseString($$"""
            akka {
              # The CLI owns the console: Akka logs only to a buffer the store quotes when it fails.
              stdout-loglevel = OFF
              stdout-logger-class = "{{typeof(SilentStartupLogger).FullName}}, {{typeof(SilentStartupLogger).Assembly.GetName().Name}}"
              loglevel = WARNING
              loggers = ["{{typeof(BufferingLogger).FullName}}, {{typeof(BufferingLogger).Assembly.GetName().Name}}"]
              log-dead-letters = off
              log-dead-letters-during-shutdown = off
              log-config-on-start = off

              actor {
                serializers {
                  {{RunEventSerializer.ConfigName}} = "{{typeof(RunEventSerializer).FullName}}, {{typeof(RunEventSerializer).Assembly.GetName().Name}}"
                }
                serialization-bindings {
                  "EtcdLab.Core.Events.RunEvent, EtcdLab.Core" = {{RunEventSerializer.ConfigName}}
                }
              }

              persistence {
                journal {
                  plugin = "{{JournalId}}"
                  sql {
                    connection-string = {{connectionString}}
                    provider-name = {{providerName}}
                    auto-initialize = on
                    parallelism = {{database.WriteParallelism}}
                    {{tableMapping}}
                  }
                }
                # Streams are short; there is nothing to snapshot (and the default store would write
                # files into the working directory).
                snapshot-store.plugin = "akka.persistence.no-snapshot-store"
                query.journal.sql {
                  connection-string = {{connectionString}}
                  provider-name = {{providerName}}
                  write-plugin = "{{JournalId}}"
                  {{tableMapping}}
                  # A whole run in one or two round trips.
                  max-buffer-size = 2000
                  # The sequence poller serves tag and all-events queries, which the store never runs;
                  # keep it from querying the database every second for the life of the store.
                  journal-sequence-retrieval.query-delay = 10m
                }
              }
            }
            """).WithFallback(SqlPersistence.DefaultConfiguration);
    }
}
