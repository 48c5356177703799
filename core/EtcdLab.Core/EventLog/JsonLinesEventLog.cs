using System.Text;
using EtcdLab.Core.Events;

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

    /// <summary>Reads a stream file written by this class, wherever it lies.</summary>
    public static async Task<IReadOnlyList<RunEvent>> ReadFileAsync(string path, CancellationToken ct)
    {
        var events = new List<RunEvent>();
        var lineNumber = 0;
        foreach (var line in await File.ReadAllLinesAsync(path, ct))
        {
            lineNumber++;
            if (line.Length == 0) continue;
            try
            {
                events.Add(RunEventJson.Deserialize(line));
            }
            catch (System.Text.Json.JsonException ex)
            {
                throw new Exceptions.InputException(
                    $"{path}:{lineNumber}: this line is not an EtcdLab event ({ex.Message}). Pass the events.jsonl a run wrote, or the run's folder.");
            }
        }
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
