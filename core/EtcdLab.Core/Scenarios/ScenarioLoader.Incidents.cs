using System.Globalization;
using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Incidents;
using YamlDotNet.RepresentationModel;

namespace EtcdLab.Core.Scenarios;

public static partial class ScenarioLoader
{
    /// <summary>Name of the file that describes an incident inside its folder.</summary>
    public const string IncidentFileName = "incident.yaml";

    /// <summary>Longest wait a gap of an incident's timeline becomes unless the incident says otherwise.</summary>
    public static readonly TimeSpan DefaultMaxGap = TimeSpan.FromSeconds(10);

    /// <summary>Reads an incident (docs/incident-format.md) from its folder or its incident.yaml. The
    /// incident's name must be its folder's name.</summary>
    /// <exception cref="InputException">No such folder or file.</exception>
    /// <exception cref="ScenarioException">A mistake in the file, at its line and column.</exception>
    public static Incident LoadIncident(string path)
    {
        if (!Directory.Exists(path) && !File.Exists(path))
            throw new InputException($"{path}: no such incident folder or file; an incident is a folder with an {IncidentFileName} (the corpus is in incidents/, docs/incident-format.md describes it).");
        var file = Directory.Exists(path) ? Path.Combine(path, IncidentFileName) : path;
        if (Directory.Exists(path) && !File.Exists(file))
            throw new InputException($"{path} holds no {IncidentFileName}; an incident is a folder with one (docs/incident-format.md). `etcdlab replay import` drafts it from logs.");
        var folder = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(file)));
        return ParseIncident(ReadText(file), file, folder);
    }

    /// <summary>Reads incident text; <paramref name="file"/> names it in errors, and the incident must be
    /// named <paramref name="expectedName"/> unless that is null.</summary>
    public static Incident ParseIncident(string yaml, string file, string? expectedName = null)
    {
        var root = YamlPreScan.Load(yaml, file)
            ?? throw new ScenarioException(file, 1, 1, "the file holds no incident; an incident has incident:, source:, cluster:, timeline: and symptoms: (docs/incident-format.md)");
        return new Reader(new YamlNodes(file), file, expectedName).ReadIncident(root);
    }

    private sealed partial class Reader
    {
        /// <summary>The hosts' incident names and addresses; null while reading a scenario, which has none.</summary>
        private Dictionary<string, HostWas>? _was;

        public Incident ReadIncident(YamlNode root)
        {
            _was = new Dictionary<string, HostWas>(StringComparer.Ordinal);
            var top = y.Entries(y.Mapping(root, "an incident file"), "an incident file",
                "incident", "source", "etcd", "summary", "procedure", "max-gap", "cluster", "timeline", "symptoms", "then");
            var name = Require(top, "incident", root, "the incident's name, its folder's");
            if (!NamePattern().IsMatch(name)) throw y.Error(top["incident"].Value, $"an incident's name is lower-case letters, digits and dashes, found {YamlNodes.Quote(name)}");
            if (expectedName is not null && name != expectedName)
                throw y.Error(top["incident"].Value, $"the incident is named '{name}' but its folder is '{expectedName}': name it '{expectedName}' or rename the folder");
            var source = Require(top, "source", root, "where the incident was reported, a link");
            var maxGap = top.TryGetValue("max-gap", out var mg) ? y.Duration(mg.Value, "max-gap", TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)) : DefaultMaxGap;
            if (!top.TryGetValue("cluster", out var clusterNode)) throw y.Error(root, "missing 'cluster:' (the hosts, as in a scenario, with was: for their names in the incident)");
            var cluster = ReadCluster(clusterNode.Value);
            if (!top.TryGetValue("timeline", out var timelineNode)) throw y.Error(root, "missing 'timeline:' (what the operator did and what was seen, with times)");
            var timeline = ReadTimeline(timelineNode.Value);
            if (!top.TryGetValue("symptoms", out var symptomsNode)) throw y.Error(root, "missing 'symptoms:' (what the incident showed: log:, exit: or error: texts)");
            var symptoms = ReadSymptoms(symptomsNode.Value, timeline.Count);
            var then = top.TryGetValue("then", out var thenNode) ? ReadThen(thenNode.Value, timeline.Count) : null;
            return new Incident(name, file, source, Optional(top, "etcd") ?? "unknown", Optional(top, "summary") ?? "",
                Optional(top, "procedure") ?? "", maxGap, cluster, _was, timeline, symptoms, then);
        }

        private HostWas ReadWas(YamlNode node, string host)
        {
            var map = y.Entries(y.Mapping(node, $"was: of {host}"), $"was: of {host}", "name", "address", "id");
            // Kept as text: an incident's own addresses are never dialled, so they are not checked like a scenario's.
            string? Text(string key) => map.TryGetValue(key, out var v) ? y.NonEmpty(v.Value, key) : null;
            return new HostWas(Text("name"), Text("address"), Text("id"));
        }

        private List<IncidentEntry> ReadTimeline(YamlNode node)
        {
            var entries = new List<IncidentEntry>();
            DateTime? lastAbsolute = null;
            var lastAbsoluteOffset = TimeSpan.Zero;
            var offset = TimeSpan.Zero;
            foreach (var item in y.Sequence(node, "timeline").Children)
            {
                var number = entries.Count + 1;
                var map = y.Entries(y.Mapping(item, "a timeline entry"), "a timeline entry");
                if (!map.TryGetValue("at", out var atNode))
                    throw y.Error(item, "a timeline entry needs at: (a time such as 2021-10-29 08:00:00 or 08:00:00, or +30s after the entry before)");
                var at = y.NonEmpty(atNode.Value, "at");
                var previous = offset;
                if (at.StartsWith('+'))
                {
                    if (!Durations.TryParse(at[1..], out var after) || after > MaxDuration)
                        throw y.Error(atNode.Value, $"at: {YamlNodes.Quote(at)} is no duration after the entry before; write +30s, +2m or +1h");
                    offset += after;
                }
                else
                {
                    var when = AbsoluteTime(atNode.Value, at, lastAbsolute);
                    var since = lastAbsolute is { } last ? lastAbsoluteOffset + (when - last) : offset;
                    if (since < offset)
                        throw y.Error(atNode.Value, $"entry {number} at {at} is earlier than entry {number - 1}; a timeline is in time order");
                    offset = since;
                    lastAbsolute = when;
                    lastAbsoluteOffset = offset;
                }
                entries.Add(ReadEntry(item, map, number, at, offset, offset - previous));
            }
            if (entries.Count == 0) throw y.Error(node, "a timeline needs at least one entry");
            return entries;
        }

        private DateTime AbsoluteTime(YamlNode node, string at, DateTime? last)
        {
            string[] full = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-ddTHH:mm:ss.FFFFFFFZ"];
            if (DateTime.TryParseExact(at, full, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var when)) return when;
            if (TimeSpan.TryParseExact(at, [@"hh\:mm\:ss", @"hh\:mm\:ss\.FFFFFFF"], CultureInfo.InvariantCulture, out var time))
            {
                if (last is null) return DateTime.MinValue.Add(time);
                var sameDay = last.Value.Date + time;
                return sameDay >= last.Value ? sameDay : throw y.Error(node, $"at: {at} is earlier in the day than the entry before; give the date (2021-10-29 {at})");
            }
            throw y.Error(node, $"at: {YamlNodes.Quote(at)} is no time; write 2021-10-29 08:00:00, 2021-10-29T08:00:00Z, 08:00:00, or +30s");
        }

        private IncidentEntry ReadEntry(YamlNode item, Dictionary<string, (YamlNode Key, YamlNode Value)> map, int number, string at, TimeSpan offset, TimeSpan gap)
        {
            var line = (int)item.Start.Line;
            string? Text(string key) => map.TryGetValue(key, out var v) ? y.NonEmpty(v.Value, key) : null;
            string? HostOf(string key) => map.TryGetValue(key, out var v) ? Host(v.Value) : null;
            void Only(string kind, params string[] allowed)
            {
                foreach (var (key, (keyNode, _)) in map)
                    if (key != "at" && key != kind && !allowed.Contains(key))
                        throw y.Error(keyNode, $"a '{kind}:' entry takes at:{string.Concat(allowed.Select(a => $", {a}:"))}, not '{key}:'");
            }

            if (map.ContainsKey("log"))
            {
                Only("log", "host");
                return new IncidentEntry(number, line, at, offset, gap, IncidentEntryKind.Log, null, Text("log")!, HostOf("host"), null);
            }
            if (map.ContainsKey("output"))
            {
                Only("output", "of", "host");
                var of = Text("of");
                return new IncidentEntry(number, line, at, offset, gap, IncidentEntryKind.Output, null, Text("output")!.TrimEnd(), HostOf("host"), of);
            }
            if (!map.Keys.Any(StepKinds.Contains))
            {
                if (!map.ContainsKey("note"))
                    throw y.Error(item, $"a timeline entry is an operator action (one of: {string.Join(", ", StepKinds)}), or log:, output: or note:");
                Only("note", "host");
                return new IncidentEntry(number, line, at, offset, gap, IncidentEntryKind.Note, null, Text("note")!, HostOf("host"), null);
            }
            var step = ReadStep(item, number, "at", "recorded");
            var host = map.TryGetValue("on", out var on) ? y.Scalar(on.Value, "on") : null;
            return new IncidentEntry(number, line, at, offset, gap, IncidentEntryKind.Action, step, step.Describe(), host, Text("recorded")?.TrimEnd());
        }

        private List<Symptom> ReadSymptoms(YamlNode node, int entries)
        {
            var symptoms = new List<Symptom>();
            foreach (var item in y.Sequence(node, "symptoms").Children)
            {
                var map = y.Entries(y.Mapping(item, "a symptom"), "a symptom", "log", "exit", "error", "on", "after");
                var kinds = new[] { "log", "exit", "error" }.Where(map.ContainsKey).ToArray();
                if (kinds.Length != 1) throw y.Error(item, "a symptom is one of log: <text a member logs>, exit: <text etcd exits with>, error: <an etcdctl error answer>");
                var textNode = map[kinds[0]].Value;
                var text = y.NonEmpty(textNode, kinds[0]);
                if (text.Replace("*", "").Trim().Length == 0) throw y.Error(textNode, "a symptom's text needs more than '*'");
                var host = map.TryGetValue("on", out var on) && y.Scalar(on.Value, "on") != "any" ? Host(on.Value) : null;
                var after = map.TryGetValue("after", out var a) ? y.Int(a.Value, "after (a timeline entry number)", 1, entries) : 1;
                var kind = kinds[0] switch { "log" => SymptomKind.Log, "exit" => SymptomKind.Exit, _ => SymptomKind.Error };
                symptoms.Add(new Symptom(kind, TextPattern.Parse(text), host, after, (int)item.Start.Line));
            }
            if (symptoms.Count == 0) throw y.Error(node, "an incident needs at least one symptom, the one a replay looks for");
            return symptoms;
        }

        private IncidentThen ReadThen(YamlNode node, int entries)
        {
            var map = y.Entries(y.Mapping(node, "then"), "then", "from-entry", "runbook", "steps");
            if (!map.TryGetValue("from-entry", out var from)) throw y.Error(node, "then: needs from-entry: <the first timeline entry the right procedure replaces>");
            var fromEntry = y.Int(from.Value, "from-entry", 1, entries);
            if (!map.TryGetValue("steps", out var steps)) throw y.Error(node, "then: needs steps: (the right procedure from that entry on)");
            return new IncidentThen(fromEntry, map.TryGetValue("runbook", out var r) ? y.Scalar(r.Value, "runbook") : "", ReadSteps(steps.Value), file);
        }
    }
}
