namespace EtcdLab.Core.Incidents.Import;

public sealed partial class IncidentDraft
{
    /// <summary>A line in its place: its file, the file's position among the inputs, and what it says.</summary>
    private sealed record Placed(RawFile File, int FileIndex, ImportedLine Line, Classification? Class);

    /// <summary>One drafting: order the lines, join members, place hosts, write entries, draft symptoms.</summary>
    private sealed partial class Drafting(string incident, List<RawFile> files)
    {
        private readonly MemberIdentities ids = new();
        private readonly Dictionary<string, DraftHost> hostOfKey = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> addressOf = new(StringComparer.Ordinal);
        private readonly List<string> header = [];

        public IncidentDraft Run()
        {
            var (placed, headers) = Order();
            var hosts = PlaceHosts(placed);
            var (timeline, reports) = Write(placed, headers, hosts);
            var entries = timeline.Select(t => t.Entry).OfType<DraftEntry>().ToList();
            var sources = files.Select(f => f.Source?.Split(' ', 2)[0]).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            var versions = placed.SelectMany(p => VersionsIn(p.Line, p.Class)).Distinct(StringComparer.Ordinal).ToList();
            return new IncidentDraft(incident, sources, versions.Count == 0 ? "unknown" : string.Join(", ", versions), hosts,
                timeline, Symptoms(entries, hosts), reports, header);
        }

        /// <summary>Lines with whole times in time order (an undated line stays after the dated line before it in
        /// its file); files without any time keep their order, those with commands before the dated lines (the
        /// operator acted, then the logs show it), the others after. A file's leading annotations are its header.</summary>
        private (List<Placed> Lines, Dictionary<RawFile, List<RawLine>> Headers) Order()
        {
            var timed = new List<(DateTime At, int File, int Line, Placed P)>();
            var before = new List<Placed>();
            var after = new List<Placed>();
            var headers = new Dictionary<RawFile, List<RawLine>>();
            for (var f = 0; f < files.Count; f++)
            {
                var file = files[f];
                headers[file] = [];
                var lines = file.Lines.ToList();
                var start = 0;
                while (start < lines.Count && lines[start] is AnnotationLine) headers[file].Add(lines[start++].Raw);
                var firstTime = lines.Select(l => l.Time).FirstOrDefault(t => t is not null);
                DateTime? current = firstTime;
                for (var i = start; i < lines.Count; i++)
                {
                    var p = new Placed(file, f, lines[i], LineClassifier.Classify(lines[i]));
                    if (firstTime is null) (file.HasCommands ? before : after).Add(p);
                    else
                    {
                        // The 3.4 raft logger writes whole seconds between capnslog's microseconds: a line
                        // in the same second as the one before it stays after it.
                        if (lines[i].Time is { } t)
                            current = t < current && t.Ticks / TimeSpan.TicksPerSecond == current!.Value.Ticks / TimeSpan.TicksPerSecond ? current : t;
                        timed.Add((current!.Value, f, i, p));
                    }
                }
                header.Add(firstTime is null
                    ? $"{file.Name}: no times; its lines keep file order, placed {(file.HasCommands ? "before" : "after")} the dated lines"
                    : $"{file.Name}: dated by its own clock (no zone); undated lines stay after the dated line before them");
            }
            var ordered = timed.OrderBy(t => t.At).ThenBy(t => t.File).ThenBy(t => t.Line).Select(t => t.P);
            return ([.. before, .. ordered, .. after], headers);
        }

        private string? SelfKey(Placed p) =>
            p.Line.Prefix.Host is { } h ? MemberIdentities.NameKey(h)
            : ids.Contains(MemberIdentities.FileKey(p.File.Name)) ? MemberIdentities.FileKey(p.File.Name)
            : null;

        private static bool BecomesLog(Placed p) => p.Class is not null && p.Line is LogLine or PanicLine or TextLine;

        private List<DraftHost> PlaceHosts(List<Placed> placed)
        {
            foreach (var file in files)
                if (file.Lines.Select(l => l.Prefix.Host).FirstOrDefault(h => h is not null) is { } host && file.Lines.All(l => l.Prefix.Host is null || l.Prefix.Host == host))
                    ids.Join(MemberIdentities.FileKey(file.Name), MemberIdentities.NameKey(host));
            var sightings = new List<(MemberSighting S, Placed P)>();
            foreach (var p in placed)
            {
                foreach (var s in p.Class?.Sightings ?? []) sightings.Add((s, p));
                if (p.Line is ShellCommand c) foreach (var s in CommandMapper.Sightings(c.Command)) sightings.Add((s, p));
            }
            // IDs decide first, then addresses, then names.
            foreach (var (s, p) in sightings.OrderBy(x => x.S.Id is null ? x.S.Address is null ? 2 : 1 : 0))
            {
                var self = s.Self ? SelfKey(p) ?? MemberIdentities.FileKey(p.File.Name) : null;
                ids.See(s, self);
            }
            // A file that logged recognised lines and names no member of its own is a host of its own.
            foreach (var p in placed.Where(BecomesLog))
                if (SelfKey(p) is null) ids.Add(MemberIdentities.FileKey(p.File.Name));
            ids.JoinSuffixedNames();

            var firstSeen = new List<string>();
            foreach (var p in placed)
            {
                if (BecomesLog(p) && SelfKey(p) is { } self) firstSeen.Add(self);
                firstSeen.AddRange((p.Class?.Sightings ?? []).SelectMany(MemberIdentities.Keys));
                if (p.Line is ShellCommand c) firstSeen.AddRange(CommandMapper.Sightings(c.Command).SelectMany(MemberIdentities.Keys));
            }
            var hosts = new List<DraftHost>();
            foreach (var keys in ids.Members(firstSeen))
            {
                string[] Values(string prefix) => keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Select(k => k[prefix.Length..]).ToArray();
                var names = Values("name:");
                var addresses = Values("address:");
                var idsOf = Values("id:");
                var onlyFile = names.Length + addresses.Length + idsOf.Length == 0 ? Values("file:").FirstOrDefault() : null;
                if (names.Length + addresses.Length + idsOf.Length == 0 && onlyFile is null) continue;
                var number = hosts.Count + 1;
                var host = new DraftHost($"m{number}", LoopbackPlan.Address(incident, number), names.FirstOrDefault(), addresses.FirstOrDefault(),
                    idsOf.FirstOrDefault(), ids.IsJoining(keys), names.Skip(1).ToList(), addresses.Skip(1).ToList(), onlyFile);
                hosts.Add(host);
                foreach (var k in keys) hostOfKey[k] = host;
                foreach (var a in addresses) addressOf[a] = host.Ip;
            }
            if (hosts.Any(h => h.WasId is "8e9e05c52164694d"))
                header.Add("8e9e05c52164694d is the default identity (name default, http://localhost:2380, token etcd-cluster): a member started or restored with default flags");
            return hosts;
        }

        private DraftHost? HostOf(Placed p) => SelfKey(p) is { } k && hostOfKey.TryGetValue(k, out var h) ? h : null;

        private string? HostByName(string name) =>
            hostOfKey.TryGetValue(MemberIdentities.NameKey(name), out var h) ? h.Name
            : LineClassifier.AddressOf([name]) is { } a && hostOfKey.TryGetValue(MemberIdentities.AddressKey(a), out var byAddress) ? byAddress.Name
            : null;
    }
}
