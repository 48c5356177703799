using System.Globalization;
using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Faults;
using EtcdLab.Core.Scenarios;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace EtcdLab.Fuzz.Profiles;

/// <summary>
/// Fault profiles as YAML files (<c>etcdlab fuzz --profile FILE</c>). Every key is optional and
/// defaults to <see cref="FaultProfiles.Default"/>'s value; every mistake is a
/// <see cref="ScenarioException"/> at its file, line and column.
/// </summary>
/// <example>
/// <code>
/// profile: nightly               # a name for reports (default: the file's name)
/// kinds: [crash, stop, pause, partition, disk-loss, readdress]   # also delay, loss
/// targets: [host, leader, a-follower, next-command-host, newest-member]
/// shapes: [isolate, minority, bridge]   # how partitions cut the cluster
/// max-faults: 3                  # at most this many faults per schedule
/// duration: 100ms..20s           # how long each fault lasts
/// until-end: 10%                 # share of faults undone only when the procedure ends
/// offset: 0..3s                  # target time after the step boundary
/// beyond-tolerance: true         # may take out more members than the cluster tolerates
/// latency: 20ms..500ms           # delay faults
/// loss: 5%..50%                  # loss faults
/// swarm: false                   # true: each schedule draws its own profile within these bounds
/// </code>
/// </example>
public static class FaultProfileFile
{
    private static readonly string[] Keys =
        ["profile", "kinds", "targets", "shapes", "max-faults", "duration", "until-end", "offset", "beyond-tolerance", "latency", "loss", "swarm"];

    /// <summary>The words a profile uses for how a fault picks its host.</summary>
    public static IReadOnlyDictionary<string, FaultTargetKind> TargetWords { get; } = new Dictionary<string, FaultTargetKind>(StringComparer.Ordinal)
    {
        ["host"] = FaultTargetKind.Host,
        ["leader"] = FaultTargetKind.Leader,
        ["a-follower"] = FaultTargetKind.Follower,
        ["next-command-host"] = FaultTargetKind.NextCommandHost,
        ["newest-member"] = FaultTargetKind.NewestMember,
    };

    private static readonly Dictionary<string, PartitionShape> ShapeWords = new(StringComparer.Ordinal)
    {
        ["isolate"] = PartitionShape.Isolate,
        ["minority"] = PartitionShape.Minority,
        ["bridge"] = PartitionShape.Bridge,
    };

    /// <summary>The word a schedule or profile file uses for <paramref name="kind"/>.</summary>
    public static string KindWord(FaultKind kind) => FaultScheduleFile.Kinds.First(k => k.Value == kind).Key;

    /// <summary>The word a profile file uses for <paramref name="target"/>.</summary>
    public static string TargetWord(FaultTargetKind target) => TargetWords.First(t => t.Value == target).Key;

    /// <summary>Reads a profile file.</summary>
    /// <exception cref="InputException">The path is no readable file.</exception>
    /// <exception cref="ScenarioException">A mistake in the file, at its line and column.</exception>
    public static FaultProfile Load(string path)
    {
        if (!File.Exists(path)) throw new InputException($"{path}: no such fault profile file.");
        return Parse(ScenarioLoader.ReadText(path), path);
    }

    /// <summary>Reads profile text; <paramref name="file"/> names it in errors and, without a <c>profile:</c> key, names the profile.</summary>
    public static FaultProfile Parse(string yaml, string file)
    {
        YamlPreScan.Check(yaml, file);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new ScenarioException(file, (int)Math.Max(1, e.Start.Line), (int)Math.Max(1, e.Start.Column), "not valid YAML: " + e.Message);
        }
        if (stream.Documents.Count == 0) throw new ScenarioException(file, 1, 1, "the file holds no fault profile; it has keys such as kinds:, max-faults: and duration:");
        var y = new YamlNodes(file);
        var root = stream.Documents[0].RootNode;
        var map = y.Entries(y.Mapping(root, "a fault profile"), "a fault profile", Keys);
        var p = FaultProfiles.Default with { Name = Path.GetFileNameWithoutExtension(file) };
        if (map.TryGetValue("profile", out var name)) p = p with { Name = y.NonEmpty(name.Value, "profile") };
        if (map.TryGetValue("kinds", out var kinds))
            p = p with { Kinds = Words(y, kinds.Value, "kinds", FaultScheduleFile.Kinds) };
        if (map.TryGetValue("targets", out var targets))
            p = p with { Targets = Words(y, targets.Value, "targets", TargetWords) };
        if (map.TryGetValue("shapes", out var shapes))
            p = p with { Shapes = Words(y, shapes.Value, "shapes", ShapeWords) };
        if (map.TryGetValue("max-faults", out var max))
            p = p with { MaxFaults = y.Int(max.Value, "max-faults", 1, FaultProfile.MaxFaultsLimit) };
        if (map.TryGetValue("duration", out var duration))
            p = p with { Duration = Range(y, duration.Value, "duration", TimeSpan.FromMilliseconds(1), FaultScheduleFile.MaxDuration) };
        if (map.TryGetValue("until-end", out var untilEnd))
            p = p with { UntilEnd = Share(y, untilEnd.Value, "until-end", allowZero: true) };
        if (map.TryGetValue("offset", out var offset))
            p = p with { Offset = Range(y, offset.Value, "offset", TimeSpan.Zero, FaultScheduleFile.MaxDuration) };
        if (map.TryGetValue("beyond-tolerance", out var beyond))
            p = p with { BeyondTolerance = Bool(y, beyond.Value, "beyond-tolerance") };
        if (map.TryGetValue("latency", out var latency))
            p = p with { Latency = Range(y, latency.Value, "latency", TimeSpan.FromMilliseconds(1), FaultScheduleFile.MaxLatency) };
        if (map.TryGetValue("loss", out var loss))
            p = p with { Loss = ShareRangeOf(y, loss.Value) };
        if (map.TryGetValue("swarm", out var swarm))
            p = p with { Swarm = Bool(y, swarm.Value, "swarm") };
        return p;
    }

    /// <summary>The profile as the YAML file <see cref="Parse"/> reads.</summary>
    public static string Write(FaultProfile p)
    {
        var root = new YamlMappingNode
        {
            { "profile", p.Name },
            { "kinds", Flow(p.Kinds.Select(KindWord)) },
            { "targets", Flow(p.Targets.Select(TargetWord)) },
            { "shapes", Flow(p.Shapes.Select(s => ShapeWords.First(w => w.Value == s).Key)) },
            { "max-faults", p.MaxFaults.ToString(CultureInfo.InvariantCulture) },
            { "duration", p.Duration.ToString() },
            { "until-end", ShareRange.Percent(p.UntilEnd) },
            { "offset", p.Offset.ToString() },
            { "beyond-tolerance", p.BeyondTolerance ? "true" : "false" },
            { "latency", p.Latency.ToString() },
            { "loss", p.Loss.ToString() },
            { "swarm", p.Swarm ? "true" : "false" },
        };
        var text = new StringWriter();
        new YamlStream(new YamlDocument(root)).Save(text, assignAnchors: false);
        return text.ToString().Replace("\n...\n", "\n", StringComparison.Ordinal);
    }

    private static YamlSequenceNode Flow(IEnumerable<string> items)
    {
        var seq = new YamlSequenceNode(items.Select(i => new YamlScalarNode(i))) { Style = SequenceStyle.Flow };
        return seq;
    }

    private static IReadOnlyList<T> Words<T>(YamlNodes y, YamlNode node, string what, IReadOnlyDictionary<string, T> words) where T : struct
    {
        var items = node is YamlSequenceNode seq ? seq.Children.ToArray() : [node];
        if (items.Length == 0) throw y.Error(node, $"{what} must name at least one of: {string.Join(", ", words.Keys)}");
        var result = new List<T>();
        foreach (var item in items)
        {
            var word = y.Scalar(item, what + " item");
            if (!words.TryGetValue(word, out var value)) throw y.Error(item, $"unknown {what} item {YamlNodes.Quote(word)}; use {string.Join(", ", words.Keys)}");
            if (result.Contains(value)) throw y.Error(item, $"{YamlNodes.Quote(word)} appears twice in {what}");
            result.Add(value);
        }
        return result;
    }

    private static DurationRange Range(YamlNodes y, YamlNode node, string what, TimeSpan min, TimeSpan max)
    {
        var text = y.Scalar(node, what);
        var parts = text.Split("..", 2);
        TimeSpan Part(string s)
        {
            var t = s.Trim();
            // "0" alone is the natural way to write "at the boundary".
            if (t == "0") return TimeSpan.Zero < min ? throw y.Error(node, $"{what} must be at least {Durations.Format(min)}, found {YamlNodes.Quote(text)}") : TimeSpan.Zero;
            if (!Durations.TryParse(t, out var d))
                throw y.Error(node, $"{what} is a duration or a range of durations such as 100ms..5s, found {YamlNodes.Quote(text)}");
            if (d < min || d > max)
                throw y.Error(node, $"{what} must lie between {Durations.Format(min)} and {Durations.Format(max)}, found {YamlNodes.Quote(text)}");
            return d;
        }
        var low = Part(parts[0]);
        var high = parts.Length == 2 ? Part(parts[1]) : low;
        return high >= low ? new DurationRange(low, high) : throw y.Error(node, $"{what} {YamlNodes.Quote(text)} runs backwards: write the shorter duration first");
    }

    private static double Share(YamlNodes y, YamlNode node, string what, bool allowZero) =>
        ShareOf(y, node, y.Scalar(node, what).Trim(), what, allowZero);

    private static double ShareOf(YamlNodes y, YamlNode node, string text, string what, bool allowZero)
    {
        var number = text.EndsWith('%') ? text[..^1] : text;
        return double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent)
               && (allowZero ? percent >= 0 : percent > 0) && percent <= 100
            ? percent / 100
            : throw y.Error(node, $"{what} must be a percentage from {(allowZero ? "0" : "above 0")} to 100, such as 30%, found {YamlNodes.Quote(text)}");
    }

    private static ShareRange ShareRangeOf(YamlNodes y, YamlNode node)
    {
        var text = y.Scalar(node, "loss");
        var parts = text.Split("..", 2);
        var low = ShareOf(y, node, parts[0].Trim(), "loss", allowZero: false);
        var high = parts.Length == 2 ? ShareOf(y, node, parts[1].Trim(), "loss", allowZero: false) : low;
        return high >= low ? new ShareRange(low, high) : throw y.Error(node, $"loss {YamlNodes.Quote(text)} runs backwards: write the lower share first");
    }

    private static bool Bool(YamlNodes y, YamlNode node, string what) => y.Scalar(node, what) switch
    {
        "true" or "yes" => true,
        "false" or "no" => false,
        var other => throw y.Error(node, $"{what} is true or false, found {YamlNodes.Quote(other)}"),
    };
}
