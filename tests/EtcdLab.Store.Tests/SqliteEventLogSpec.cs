using EtcdLab.Core.Exceptions;
using EtcdLab.Core.EventLog;
using EtcdLab.Store.Sqlite;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace EtcdLab.Store.Tests;

/// <summary>The conformance spec on the embedded SQLite store, one fresh file per test.</summary>
public sealed class SqliteEventLogSpec(ITestOutputHelper output) : EventLogSpec(output), IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("etcdlab-store-").FullName;

    private string DatabasePath => Path.Combine(_directory, "reports", "etcdlab.db");

    /// <inheritdoc />
    protected override IEventLog OpenStore() => SqliteEventLog.Open(DatabasePath);

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<string>> StoredJsonAsync(string runId)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM etcdlab_events WHERE stream_id = $id ORDER BY version";
        command.Parameters.AddWithValue("$id", runId);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }

    [Fact]
    public async Task Sqlite_should_create_the_file_and_its_directory()
    {
        await using var log = SqliteEventLog.Open(DatabasePath);

        Assert.True(File.Exists(DatabasePath));
        Assert.Contains(DatabasePath, log.Description);
    }

    [Fact]
    public void Sqlite_should_fail_with_EnvironmentException_when_the_path_cannot_be_written()
    {
        // A path below a regular file cannot be created by anyone, root included (tests may run as root,
        // for whom file permissions are no obstacle).
        var file = Path.Combine(_directory, "not-a-directory");
        File.WriteAllText(file, "");
        var path = Path.Combine(file, "etcdlab.db");

        var error = Assert.Throws<EnvironmentException>(() => SqliteEventLog.Open(path));

        Assert.Contains($"Cannot open the event store in the SQLite database {path}", error.Message);
        Assert.Contains("directory you can write to", error.Message);
        Assert.False(string.IsNullOrWhiteSpace(error.Details));
        Assert.Contains(nameof(IOException), error.Details);
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public void Sqlite_should_fail_with_EnvironmentException_when_the_file_is_not_a_database()
    {
        var path = Path.Combine(_directory, "notes.db");
        File.WriteAllText(path, "These are notes, not an SQLite database, and they are long enough to have a header.");

        var error = Assert.Throws<EnvironmentException>(() => SqliteEventLog.Open(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("SqliteException", error.Details);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        // The store's journal may still be closing a file as the test ends (a -journal or -wal file
        // appears and goes): try again a few times before giving up.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
                return;
            }
            catch (IOException) when (attempt < 5)
            {
                Thread.Sleep(100 * attempt);
            }
        }
    }
}
