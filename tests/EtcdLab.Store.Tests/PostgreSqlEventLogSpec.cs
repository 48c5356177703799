using System.Text.Json.Nodes;
using EtcdLab.Core.EventLog;
using EtcdLab.Core.Events;
using EtcdLab.Core.Exceptions;
using EtcdLab.Store.Marten;
using Npgsql;
using Xunit.Abstractions;

namespace EtcdLab.Store.Tests;

/// <summary>
/// The conformance spec on PostgreSQL, the shared store. Needs a server: <c>ETCDLAB_PG</c> holds its
/// connection string (<c>export ETCDLAB_PG="$(scripts/ensure-postgres.sh)"</c> starts a throwaway
/// one). Without it every test here fails, on purpose: a CI that silently skipped them would claim
/// PostgreSQL works without trying.
/// </summary>
[Trait("Category", "PostgreSQL")]
public sealed class PostgreSqlEventLogSpec(ITestOutputHelper output) : EventLogSpec(output)
{
    /// <summary>The environment variable that names the test server.</summary>
    public const string Variable = "ETCDLAB_PG";

    private static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set, so the PostgreSQL tests cannot run. Start a throwaway server and point {Variable} at it: " +
                $"export {Variable}=\"$(scripts/ensure-postgres.sh)\" (or exclude them with --filter Category!=PostgreSQL).");

    /// <inheritdoc />
    protected override IEventLog OpenStore()
    {
        try
        {
            return MartenEventLog.Open(ConnectionString);
        }
        catch (EnvironmentException ex)
        {
            throw new InvalidOperationException(
                $"{Variable} names a PostgreSQL server the store cannot use; run scripts/ensure-postgres.sh and export what it prints as {Variable}.{Environment.NewLine}{ex.Describe()}", ex);
        }
    }

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<string>> StoredJsonAsync(string runId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT data::text FROM etcdlab.mt_events WHERE stream_id = @id ORDER BY version", connection);
        command.Parameters.AddWithValue("id", runId);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }

    /// <summary>Marten keeps each event in a jsonb column, which orders keys its own way, and names
    /// the event's type in its own column (mt_events.type) rather than in the JSON: the rows hold the
    /// JSON lines' properties, less <c>type</c>, with the same values.</summary>
    [Fact]
    public override async Task Rows_should_hold_the_json_lines_RunEventJson_writes()
    {
        var log = Open();
        var runId = NewRunId("rows");
        var events = SampleEvents.OneOfEach();

        await log.AppendAsync(runId, events, CancellationToken.None);
        var stored = await StoredJsonAsync(runId);

        Assert.Equal(events.Count, stored.Count);
        foreach (var (e, row) in events.Zip(stored))
        {
            var expected = JsonNode.Parse(RunEventJson.Serialize(e))!.AsObject();
            expected.Remove("type");
            Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(row)), $"{e.GetType().Name}:{Environment.NewLine}{expected.ToJsonString()}{Environment.NewLine}{row}");
        }
    }
}
