using System.Diagnostics;
using EtcdLab.Core.EventLog;
using EtcdLab.Core.Events;
using Xunit.Abstractions;

namespace EtcdLab.Store.Tests;

/// <summary>
/// What every event store behind <see cref="IEventLog"/> must do, written once and run once per
/// database by a subclass (the pattern of Akka.Persistence.TCK's journal spec). Each fact is
/// virtual so a database that cannot meet one can override it and say why.
/// </summary>
public abstract class EventLogSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<IEventLog> _opened = [];

    /// <summary>Where timings go (shown with <c>--logger "console;verbosity=detailed"</c>).</summary>
    protected ITestOutputHelper Output { get; } = output;

    /// <summary>Opens a store on this spec's database; every call reaches the same database.</summary>
    protected abstract IEventLog OpenStore();

    /// <summary>The payload of every row of <paramref name="runId"/>, in order, as text, read with
    /// the database's own client rather than through the store.</summary>
    protected abstract Task<IReadOnlyList<string>> StoredJsonAsync(string runId);

    /// <summary>A run id no other test (or earlier run of the suite on a shared database) uses.</summary>
    protected static string NewRunId(string name) => $"{name}-{Guid.NewGuid():N}";

    /// <summary>A store that is disposed when the test ends.</summary>
    protected IEventLog Open()
    {
        var log = OpenStore();
        _opened.Add(log);
        return log;
    }

    /// <inheritdoc />
    public Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        foreach (var log in _opened) await log.DisposeAsync();
    }

    [Fact]
    public virtual async Task Round_trip_should_give_back_every_event_type_unchanged()
    {
        var log = Open();
        var runId = NewRunId("every-type");
        var events = SampleEvents.OneOfEach();

        await log.AppendAsync(runId, events, CancellationToken.None);
        var read = await log.ReadAsync(runId, CancellationToken.None);

        Assert.Equal(events, read);
        Assert.Equal(events.Select(RunEventJson.Serialize), read.Select(RunEventJson.Serialize));
    }

    [Fact]
    public virtual async Task Rows_should_hold_the_json_lines_RunEventJson_writes()
    {
        var log = Open();
        var runId = NewRunId("rows");
        var events = SampleEvents.OneOfEach();

        await log.AppendAsync(runId, events, CancellationToken.None);

        Assert.Equal(events.Select(RunEventJson.Serialize), await StoredJsonAsync(runId));
    }

    [Fact]
    public virtual async Task Append_should_go_after_what_the_run_already_holds()
    {
        var runId = NewRunId("append");
        var events = SampleEvents.Stream(9);
        await using (var first = OpenStore())
        {
            await first.AppendAsync(runId, events.Take(3).ToArray(), CancellationToken.None);
        }

        // A new store (a new process, as far as the journal can tell) must find the stored end itself.
        var log = Open();
        await log.AppendAsync(runId, events.Skip(3).Take(4).ToArray(), CancellationToken.None);
        await log.AppendAsync(runId, events.Skip(7).ToArray(), CancellationToken.None);

        Assert.Equal(events, await log.ReadAsync(runId, CancellationToken.None));
    }

    [Fact]
    public virtual async Task Runs_should_be_kept_apart()
    {
        var log = Open();
        var a = NewRunId("apart-a");
        var b = NewRunId("apart-b");
        var aEvents = SampleEvents.Stream(6);
        var bEvents = SampleEvents.OneOfEach();

        await log.AppendAsync(a, aEvents.Take(3).ToArray(), CancellationToken.None);
        await log.AppendAsync(b, bEvents, CancellationToken.None);
        await log.AppendAsync(a, aEvents.Skip(3).ToArray(), CancellationToken.None);

        Assert.Equal(aEvents, await log.ReadAsync(a, CancellationToken.None));
        Assert.Equal(bEvents, await log.ReadAsync(b, CancellationToken.None));
    }

    [Fact]
    public virtual async Task ListRuns_should_name_each_stored_run_once_oldest_first()
    {
        var log = Open();
        // Created in an order that is neither alphabetical nor reverse-alphabetical.
        string[] created = [NewRunId("list-b"), NewRunId("list-a"), NewRunId("list-c")];
        foreach (var runId in created) await log.AppendAsync(runId, SampleEvents.Stream(2), CancellationToken.None);
        await log.AppendAsync(created[0], SampleEvents.Stream(2, firstSeq: 3), CancellationToken.None);

        var listed = await log.ListRunsAsync(CancellationToken.None);

        // The database may be shared with other tests: look only at this test's runs.
        Assert.Equal(created, listed.Where(created.Contains));
    }

    [Fact]
    public virtual async Task Reopened_store_should_still_hold_the_streams()
    {
        var a = NewRunId("reopen-a");
        var b = NewRunId("reopen-b");
        await using (var first = OpenStore())
        {
            await first.AppendAsync(a, SampleEvents.OneOfEach(), CancellationToken.None);
            await first.AppendAsync(b, SampleEvents.Stream(5), CancellationToken.None);
        }

        var reopened = Open();

        Assert.Equal(SampleEvents.OneOfEach(), await reopened.ReadAsync(a, CancellationToken.None));
        Assert.Equal(SampleEvents.Stream(5), await reopened.ReadAsync(b, CancellationToken.None));
        Assert.Equal([a, b], (await reopened.ListRunsAsync(CancellationToken.None)).Where(r => r == a || r == b));
    }

    [Fact]
    public virtual async Task Read_of_an_unknown_run_should_be_empty()
    {
        var log = Open();

        Assert.Empty(await log.ReadAsync(NewRunId("unknown"), CancellationToken.None));
    }

    [Fact]
    public virtual async Task Appending_no_events_should_not_create_the_run()
    {
        var log = Open();
        var runId = NewRunId("empty");

        await log.AppendAsync(runId, [], CancellationToken.None);

        Assert.DoesNotContain(runId, await log.ListRunsAsync(CancellationToken.None));
    }

    [Fact]
    public virtual async Task Run_ids_with_quotes_and_unicode_should_round_trip()
    {
        var log = Open();
        // The plugin inserts many rows as literal SQL; a run id must not be able to break out of it.
        var runId = NewRunId("it's \"odd\"; DROP TABLE journal; -- ☃ ünï");

        await log.AppendAsync(runId, SampleEvents.Stream(150), CancellationToken.None);

        Assert.Equal(SampleEvents.Stream(150), await log.ReadAsync(runId, CancellationToken.None));
        Assert.Contains(runId, await log.ListRunsAsync(CancellationToken.None));
    }

    [Fact]
    public virtual async Task Cancelled_append_should_not_let_the_next_batch_overlap_it()
    {
        var log = Open();
        var runId = NewRunId("cancelled");
        var first = SampleEvents.Stream(500);
        var second = SampleEvents.Stream(5, firstSeq: 501);

        // Cancelling may stop the write or come too late for it (SQLite writes a batch before it
        // looks again): the first batch may land or not, but whole and before the second.
        using var cancel = new CancellationTokenSource();
        var append = log.AppendAsync(runId, first, cancel.Token);
        cancel.Cancel();
        try
        {
            await append;
        }
        catch (OperationCanceledException)
        {
            // stopped in time
        }
        await log.AppendAsync(runId, second, CancellationToken.None);
        var read = await log.ReadAsync(runId, CancellationToken.None);

        Assert.True(read.SequenceEqual(second) || read.SequenceEqual(first.Concat(second)),
            $"expected the second batch, alone or after the whole first one; got Seq {string.Join(",", read.Select(e => e.Seq).Take(10))}... ({read.Count} events)");
    }

    [Fact]
    public virtual async Task Concurrent_appends_to_one_run_should_each_stay_whole()
    {
        var log = Open();
        var runId = NewRunId("concurrent");
        const int Batches = 8, PerBatch = 50;

        await Task.WhenAll(Enumerable.Range(0, Batches).Select(b => Task.Run(() =>
            log.AppendAsync(runId, SampleEvents.Stream(PerBatch, firstSeq: 1000 * (b + 1) + 1), CancellationToken.None))));
        var read = await log.ReadAsync(runId, CancellationToken.None);

        Assert.Equal(Batches * PerBatch, read.Count);
        foreach (var batch in read.Chunk(PerBatch))
        {
            var first = batch[0].Seq;
            Assert.True(first % 1000 == 1, $"a batch starts inside another one, at Seq {first}");
            Assert.Equal(Enumerable.Range(0, PerBatch).Select(i => first + i), batch.Select(e => e.Seq));
        }
    }

    [Fact]
    public virtual async Task Appending_2000_events_should_be_written_as_one_fast_batch()
    {
        var log = Open();
        var events = SampleEvents.Stream(2000);
        // The first batch of a process pays for JIT compilation (and Marten's first session); what a
        // run's appends cost after that is what is measured.
        var warmUp = NewRunId("warm-up");
        await log.AppendAsync(warmUp, events, CancellationToken.None);
        await log.ReadAsync(warmUp, CancellationToken.None);
        var runId = NewRunId("big");

        var clock = Stopwatch.StartNew();
        await log.AppendAsync(runId, events, CancellationToken.None);
        var append = clock.Elapsed;
        clock.Restart();
        var read = await log.ReadAsync(runId, CancellationToken.None);
        var replay = clock.Elapsed;

        Output.WriteLine($"{GetType().Name}: append 2000 events {append.TotalMilliseconds:F0} ms, read {replay.TotalMilliseconds:F0} ms");
        Assert.Equal(events, read);
        // One batch takes about 0.1 s here; a transaction per event takes many seconds. The bound leaves
        // room for a loaded CI machine while still catching a lost batch.
        Assert.True(append < TimeSpan.FromSeconds(1), $"appending 2000 events took {append.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public virtual async Task Run_view_should_follow_the_stream_batch_by_batch()
    {
        var log = Open();
        var history = Assert.IsAssignableFrom<IRunHistory>(log);
        var runId = NewRunId("view");
        var events = SampleEvents.OneOfEach();

        await log.AppendAsync(runId, events.Take(3).ToArray(), CancellationToken.None);
        var running = await history.RunViewAsync(runId, CancellationToken.None);
        Assert.NotNull(running);
        Assert.Equal((RunStates.Running, 3L, "replace-failed-member", "docker"), (running.State, running.Events, running.Scenario, running.Target));

        await log.AppendAsync(runId, events.Skip(3).ToArray(), CancellationToken.None);
        var ended = await history.RunViewAsync(runId, CancellationToken.None);
        Assert.NotNull(ended);
        Assert.Equal(events.Count, ended.Events);
        Assert.Equal(RunStates.Aborted, ended.State); // the sample has a RunAborted: it stays aborted
        Assert.Equal(["quorum-kept"], ended.Broken);
        Assert.Equal([1], ended.FailedSteps);
        Assert.True(ended.LastStored >= ended.FirstStored);
        Assert.Contains(await history.RunViewsAsync(CancellationToken.None), v => v.Id == runId && v.Events == events.Count);
        Assert.Null(await history.RunViewAsync(NewRunId("never"), CancellationToken.None));
    }

    [Fact]
    public virtual async Task Runs_appending_at_once_from_separate_stores_should_lose_nothing_and_never_mix()
    {
        // Separate store objects stand for separate harness processes (parallel CI jobs, fuzz workers).
        const int Writers = 4, Batches = 5, PerBatch = 40;
        var runIds = Enumerable.Range(0, Writers).Select(w => NewRunId($"parallel-{w}")).ToArray();
        var stores = Enumerable.Range(0, Writers).Select(_ => Open()).ToArray();

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var b = 0; b < Batches; b++)
                await stores[w].AppendAsync(runIds[w], SampleEvents.Stream(PerBatch, firstSeq: b * PerBatch + 1), CancellationToken.None);
        })));

        foreach (var runId in runIds)
        {
            var read = await stores[0].ReadAsync(runId, CancellationToken.None);
            Assert.Equal(Enumerable.Range(1, Batches * PerBatch).Select(i => (long)i), read.Select(e => e.Seq));
        }
    }
}
