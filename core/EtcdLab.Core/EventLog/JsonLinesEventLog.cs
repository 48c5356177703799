using System.Text;
using EtcdLab.Core.Events;
using EtcdLab.Core.Exceptions;

namespace EtcdLab.Core.EventLog;

/// <summary>
/// Streams kept as JSON-lines files, one per run: <c>{root}/{runId}/events.jsonl</c>. This is the
/// form a run leaves beside its summary, which <c>etcdlab check</c> reads back.
/// </summary>
public sealed class JsonLinesEventLog(string root) : IEventLog
{
    /// <summary>File name of a run's stream inside its folder.</summary>
    public const string FileName = "events.jsonl";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The file that holds the stream of <paramref name="runId"/>.</summary>
    public string PathOf(string runId) => Path.Combine(root, runId, FileName);

    /// <inheritdoc />
    public async Task AppendAsync(string runId, IReadOnlyList<RunEvent> events, CancellationToken ct)
    {
        var path = PathOf(runId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var text = new StringBuilder();
        foreach (var e in events) text.Append(RunEventJson.Serialize(e)).Append('\n');
        await File.AppendAllTextAsync(path, text.ToString(), Utf8NoBom, ct);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RunEvent>> ReadAsync(string runId, CancellationToken ct) =>
        File.Exists(PathOf(runId)) ? await ReadFileAsync(PathOf(runId), ct) : [];

    /// <summary>Reads a stream file written by this class, wherever it lies, and checks that it is one
    /// whole run's stream: checkers count on every event being there once, in order.</summary>
    /// <exception cref="InputException">The file cannot be read, a line is no event, the stream does not
    /// begin with run-started at seq 1, seq does not go up by one from line to line (lines repeated,
    /// lost or reordered), or the last line is cut off; the message names file and line.</exception>
    public static async Task<IReadOnlyList<RunEvent>> ReadFileAsync(string path, CancellationToken ct)
    {
        const string what = "Pass the events.jsonl a run wrote, or the run's folder; a copied or edited file is not a run's stream.";
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path} cannot be read: {e.Message}");
        }
        var lines = text.Split('\n');
        if (text.Length > 0 && !text.EndsWith('\n'))
            throw new InputException($"{path}:{lines.Length}: the last line is cut off (a stream file ends each event with a newline): the file was truncated. {what}");

        var events = new List<RunEvent>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0) continue;
            var at = $"{path}:{i + 1}";
            RunEvent e;
            try
            {
                e = RunEventJson.Deserialize(line);
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException)
            {
                throw new InputException($"{at}: this line is not an EtcdLab event ({ex.Message}). {what}");
            }
            if (events.Count == 0 && e is not RunStarted)
                throw new InputException($"{at}: the stream begins with a {e.GetType().Name} event, not run-started: this is not the beginning of a run. {what}");
            if (events.Count > 0 && e is RunStarted)
                throw new InputException($"{at}: a second run-started event: two runs' streams in one file? {what}");
            var expected = events.Count + 1;
            if (e.Seq != expected)
                throw new InputException(e.Seq < expected
                    ? $"{at}: event seq {e.Seq} where seq {expected} was due: lines are repeated or out of order. {what}"
                    : $"{at}: event seq {e.Seq} where seq {expected} was due: {(e.Seq == expected + 1 ? $"event {expected} is" : $"events {expected}..{e.Seq - 1} are")} missing. {what}");
            events.Add(e);
        }
        if (events.Count == 0) throw new InputException($"{path} holds no events. {what}");
        return events;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListRunsAsync(CancellationToken ct)
    {
        if (!Directory.Exists(root)) return Task.FromResult<IReadOnlyList<string>>([]);
        IReadOnlyList<string> runs = Directory.GetDirectories(root)
            .Where(d => File.Exists(Path.Combine(d, FileName)))
            .Select(Path.GetFileName).OfType<string>()
            .Order(StringComparer.Ordinal).ToArray();
        return Task.FromResult(runs);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
