using EtcdLab.Core.Exceptions;
using EtcdLab.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace EtcdLab.Store.Tests;

/// <summary>The CLI owns the console; the store must never write to it, not even when the database
/// fails under it.</summary>
[Collection(nameof(QuietSpec))]
public sealed class QuietSpec : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("etcdlab-quiet-").FullName;

    [Fact]
    public async Task Store_should_print_nothing_to_the_console_even_when_a_write_fails()
    {
        var path = Path.Combine(_directory, "etcdlab.db");
        var console = new StringWriter();
        var (stdout, stderr) = (Console.Out, Console.Error);
        Console.SetOut(console);
        Console.SetError(console);
        EnvironmentException error;
        try
        {
            await using var log = SqliteEventLog.Open(path);
            await log.AppendAsync("quiet", SampleEvents.OneOfEach(), CancellationToken.None);
            Assert.Equal(SampleEvents.OneOfEach(), await log.ReadAsync("quiet", CancellationToken.None));
            Assert.Equal(["quiet"], await log.ListRunsAsync(CancellationToken.None));

            // Pull the table from under the store, as a failing disk or a careless operator would.
            await using (var other = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                await other.OpenAsync();
                await using var drop = other.CreateCommand();
                drop.CommandText = "DROP TABLE etcdlab_events";
                await drop.ExecuteNonQueryAsync();
            }
            error = await Assert.ThrowsAsync<EnvironmentException>(() => log.AppendAsync("quiet", SampleEvents.Stream(3, firstSeq: 100), CancellationToken.None));
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }

        Assert.True(console.ToString().Length == 0, $"the store wrote to the console:{Environment.NewLine}{console}");
        Assert.Contains("Could not append 3 events to run 'quiet'", error.Message);
        Assert.Contains("no such table", error.Message);
        Assert.Contains("SqliteException", error.Details);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
