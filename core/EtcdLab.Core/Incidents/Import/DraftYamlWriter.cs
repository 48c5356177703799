using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace EtcdLab.Core.Incidents.Import;

/// <summary>Writes an <see cref="IncidentDraft"/> as incident.yaml text with YamlDotNet's emitter, which quotes
/// what needs quoting (log lines hold colons, brackets, quotes); comments carry what is no entry.</summary>
internal static class DraftYamlWriter
{
    public static string Write(IncidentDraft draft)
    {
        var text = new StringWriter { NewLine = "\n" };
        var y = new Emitter(text, new EmitterSettings(bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false, maxSimpleKeyLength: 1024, indentSequences: true));
        y.Emit(new StreamStart());
        y.Emit(new DocumentStart());
        Comment(y, "Drafted by `etcdlab replay import` from the raw files below: edit it before replaying it.");
        Comment(y, "Steps are drafted where a typed command maps onto one clearly; addresses in steps are the lab's,");
        Comment(y, "the incident's own are under was: and in quoted log text and comments (never dialled).");
        foreach (var line in draft.Header) Comment(y, line);
        y.Emit(new MappingStart());
        Pair(y, "incident", draft.Name);
        if (draft.Sources.Count > 0)
        {
            foreach (var other in draft.Sources.Skip(1)) Comment(y, $"also from {other}");
            Pair(y, "source", draft.Sources[0]);
        }
        Pair(y, "etcd", draft.Etcd, ScalarStyle.DoubleQuoted);
        var entries = draft.Entries;
        Pair(y, "summary", $"Drafted from {draft.Files.Count} raw file(s): {entries.Count} timeline entries, "
                           + $"{draft.Files.Sum(f => f.Unrecognised)} unrecognised line(s) kept as comments. Say here what the operator did and what broke.");
        Comment(y, "procedure: the runbook procedure that avoids it (P1-P8); the raw files do not say");

        Key(y, "cluster");
        y.Emit(new MappingStart());
        foreach (var (key, spare) in new[] { ("hosts", false), ("spare-hosts", true) })
        {
            var hosts = draft.Hosts.Where(h => h.Spare == spare).ToList();
            if (hosts.Count == 0) continue;
            Key(y, key);
            y.Emit(new MappingStart());
            foreach (var h in hosts) Host(y, h);
            y.Emit(new MappingEnd());
        }
        y.Emit(new MappingEnd());

        Key(y, "timeline");
        y.Emit(new SequenceStart(null, null, false, SequenceStyle.Block));
        foreach (var item in draft.Timeline)
        {
            foreach (var c in item.Comments) Comment(y, c);
            if (item.Entry is { } e) Entry(y, e);
        }
        y.Emit(new SequenceEnd());

        if (draft.Symptoms.Count > 0)
        {
            Key(y, "symptoms");
            y.Emit(new SequenceStart(null, null, false, SequenceStyle.Block));
            foreach (var s in draft.Symptoms)
            {
                Comment(y, $"{s.Kind.Id()}: the last error kind on {s.On}");
                y.Emit(new MappingStart());
                Pair(y, s.Key, s.Text, ScalarStyle.SingleQuoted);
                Pair(y, "on", s.On);
                Pair(y, "after", s.After.ToString(System.Globalization.CultureInfo.InvariantCulture));
                y.Emit(new MappingEnd());
            }
            y.Emit(new SequenceEnd());
        }
        y.Emit(new MappingEnd());
        y.Emit(new DocumentEnd(true));
        y.Emit(new StreamEnd());
        // The emitter ends a trailing comment without a line break.
        var yaml = text.ToString();
        return yaml.EndsWith('\n') ? yaml : yaml + "\n";
    }

    private static void Host(IEmitter y, DraftHost h)
    {
        if (h.OnlyFile is { } file) Comment(y, $"{h.Name}: the host that wrote {file} (no name, address or ID in it)");
        if (h.OtherNames.Count > 0) Comment(y, $"{h.Name} also goes by {string.Join(", ", h.OtherNames)}");
        if (h.OtherAddresses.Count > 0) Comment(y, $"{h.Name} was also seen at {string.Join(", ", h.OtherAddresses)}");
        Key(y, h.Name);
        y.Emit(new MappingStart(null, null, true, MappingStyle.Flow));
        Pair(y, "ip", h.Ip);
        Key(y, "was");
        y.Emit(new MappingStart(null, null, true, MappingStyle.Flow));
        if (h.WasName is { } name) Pair(y, "name", name);
        if (h.WasAddress is { } address) Pair(y, "address", address);
        if (h.WasId is { } id) Pair(y, "id", id);
        y.Emit(new MappingEnd());
        y.Emit(new MappingEnd());
    }

    private static void Entry(IEmitter y, DraftEntry e)
    {
        y.Emit(new MappingStart());
        Pair(y, "at", e.At);
        var multiLine = e.Value.Contains('\n');
        Pair(y, e.Key, e.Value, multiLine ? ScalarStyle.Literal : e.IsStep ? ScalarStyle.Any : ScalarStyle.SingleQuoted);
        if (e.Of is { } of) Pair(y, "of", of);
        if (e.Host is { } host) Pair(y, e.IsStep ? "on" : "host", host);
        y.Emit(new MappingEnd());
    }

    private static void Comment(IEmitter y, string text) => y.Emit(new Comment(text.Replace('\n', ' ').Replace('\r', ' '), false));

    private static void Key(IEmitter y, string key) => y.Emit(new Scalar(key));

    private static void Pair(IEmitter y, string key, string value, ScalarStyle style = ScalarStyle.Any)
    {
        Key(y, key);
        y.Emit(new Scalar(null, null, value, style, true, true));
    }
}
