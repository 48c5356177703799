using System.Globalization;
using System.Text.RegularExpressions;

namespace EtcdLab.Core.Incidents.Import;

/// <summary>
/// An incident.yaml drafted from an incident's raw files (docs/incident-format.md): its hosts placed on
/// loopback with what the incident called them, a timeline of operator steps and observed lines ordered by
/// time, and symptoms drafted from the errors seen. Every input line ends up in it: as (part of) an entry,
/// or as a comment (an unrecognised line, a stack trace line, an annotation of ours); only blank lines are
/// left out, and <see cref="Files"/> counts them.
/// </summary>
public sealed partial class IncidentDraft
{
    private IncidentDraft(string name, IReadOnlyList<string> sources, string etcd, IReadOnlyList<DraftHost> hosts,
        IReadOnlyList<TimelineItem> timeline, IReadOnlyList<DraftSymptom> symptoms, IReadOnlyList<FileReport> files, IReadOnlyList<string> header)
    {
        Name = name;
        Sources = sources;
        Etcd = etcd;
        Hosts = hosts;
        Timeline = timeline;
        Symptoms = symptoms;
        Files = files;
        Header = header;
    }

    /// <summary>The incident's name (its folder's).</summary>
    public string Name { get; }

    /// <summary>The source URLs of the raw files' <c># source:</c> headers, first seen first, each once.</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>The etcd version(s) the raw files print, or <c>unknown</c>.</summary>
    public string Etcd { get; }

    /// <summary>The hosts, numbered by first appearance in the timeline.</summary>
    public IReadOnlyList<DraftHost> Hosts { get; }

    /// <summary>The timeline with its comments, in order.</summary>
    public IReadOnlyList<TimelineItem> Timeline { get; }

    /// <summary>The timeline's entries alone.</summary>
    public IReadOnlyList<DraftEntry> Entries => Timeline.Select(t => t.Entry).OfType<DraftEntry>().ToList();

    /// <summary>One symptom per host: the last error kind it showed.</summary>
    public IReadOnlyList<DraftSymptom> Symptoms { get; }

    /// <summary>What became of each file's lines.</summary>
    public IReadOnlyList<FileReport> Files { get; }

    /// <summary>Comment lines for the top of the file: how it was drafted, each file's header and counts.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>The draft as incident.yaml text.</summary>
    public string ToYaml() => DraftYamlWriter.Write(this);

    /// <summary>Drafts incident <paramref name="incident"/> from <paramref name="inputs"/> (the raw files, in the order given).</summary>
    public static IncidentDraft From(string incident, IEnumerable<RawInput> inputs)
    {
        var files = inputs.Select(RawFileParser.Parse).ToList();
        if (files.Count == 0) throw new ArgumentException("an incident is drafted from at least one raw file", nameof(inputs));
        return new Drafting(incident, files).Run();
    }

    [GeneratedRegex(@"etcd-release-(?<v>\d+\.\d+\.\d+)|/(?<v>\d+\.\d+\.\d+)/(?:server|raft|etcdserver)/")]
    private static partial Regex TraceVersion();

    internal static IEnumerable<string> VersionsIn(ImportedLine line, Classification? c)
    {
        if (c?.Kind == LineKind.ServerStarting && c.Fields.TryGetValue("version", out var v))
            yield return line is EtcdctlMessage m && m.Text.StartsWith("etcdctl", StringComparison.Ordinal) ? $"{v} (etcdctl)" : v;
        if (line is TraceLine && TraceVersion().Match(line.Raw.Text) is { Success: true } t) yield return t.Groups["v"].Value;
    }

    internal static string FormatTime(DateTime time) => time.ToString("yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture);
}
