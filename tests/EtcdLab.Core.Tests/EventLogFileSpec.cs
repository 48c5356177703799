using EtcdLab.Core.EventLog;
using EtcdLab.Core.Events;
using EtcdLab.Core.Exceptions;

namespace EtcdLab.Core.Tests;

/// <summary><c>etcdlab check</c> reads a stream file only when it is one whole run's stream, else
/// says which line is wrong: a checker never sees repeated, missing or reordered events.</summary>
public sealed class EventLogFileSpec : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("etcdlab-events-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static readonly RunEvent[] Stream =
    [
        new RunStarted("sim", 1, new ScenarioDeclaration("p", "p.yaml", "P1", "", [new HostDeclaration("m1", "127.0.1.1", true)], [], [], [], [], [])) { Seq = 1 },
        new StepStarted(1, "kill m1") { Seq = 2, Step = 1 },
        new StepFinished(1, true, 1, null) { Seq = 3, Step = 1 },
        new RunFinished(true, null) { Seq = 4, Step = 2 },
    ];

    private static readonly string[] Lines = Stream.Select(RunEventJson.Serialize).ToArray();

    private string Write(string text)
    {
        var path = Path.Combine(_dir.FullName, "events.jsonl");
        File.WriteAllText(path, text);
        return path;
    }

    private static string Join(params string[] lines) => string.Concat(lines.Select(l => l + "\n"));

    [Fact]
    public async Task ReadFile_should_read_a_whole_stream()
    {
        var events = await JsonLinesEventLog.ReadFileAsync(Write(Join(Lines)), CancellationToken.None);
        Assert.Equal([1L, 2, 3, 4], events.Select(e => e.Seq));
    }

    public static TheoryData<string, int, string> Broken() => new()
    {
        { Join([.. Lines, .. Lines]), 5, "a second run-started event" },
        { Join(Lines[0], Lines[1], Lines[1], Lines[2]), 3, "event seq 2 where seq 3 was due: lines are repeated or out of order" },
        { Join(Lines[0], Lines[2], Lines[1]), 2, "event seq 3 where seq 2 was due: event 2 is missing" },
        { Join(Lines[1], Lines[2]), 1, "begins with a StepStarted event, not run-started" },
        { Join(Lines[0], Lines[3]), 2, "event seq 4 where seq 2 was due: events 2..3 are missing" },
        { Join(Lines[0], Lines[1]) + Lines[2][..20], 3, "the last line is cut off" },
        { Join(Lines[0], "{\"type\":\"no-such-event\",\"seq\":2}"), 2, "this line is not an EtcdLab event" },
        { Join(Lines[0], "{\"seq\":2}"), 2, "this line is not an EtcdLab event" },
        { Join(Lines[0], "[1,2]"), 2, "this line is not an EtcdLab event" },
        { Join(Lines[0], "null"), 2, "this line is not an EtcdLab event" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public async Task ReadFile_should_name_the_line_that_breaks_the_stream(string text, int line, string message)
    {
        var path = Write(text);
        var e = await Assert.ThrowsAsync<InputException>(() => JsonLinesEventLog.ReadFileAsync(path, CancellationToken.None));
        Assert.StartsWith($"{path}:{line}: ", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public async Task ReadFile_should_refuse_a_file_without_events()
    {
        var path = Write("\n\n");
        var e = await Assert.ThrowsAsync<InputException>(() => JsonLinesEventLog.ReadFileAsync(path, CancellationToken.None));
        Assert.Contains("holds no events", e.Message);
    }
}
