using System.Globalization;
using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Scenarios;
using YamlDotNet.RepresentationModel;

namespace EtcdLab.Core.Faults;

/// <summary>
/// Fault schedules as YAML files (<c>etcdlab run --faults</c>, <c>schedule.yaml</c> and
/// <c>schedule.min.yaml</c> of a fuzz finding). Read with the scenario loader's bounded YAML rules;
/// every mistake is a <see cref="ScenarioException"/> at its file, line and column; hosts and steps
/// are checked against the scenario the schedule is for.
/// </summary>
/// <example>
/// <code>
/// scenario: replace-failed-member
/// faults:
///   - crash: m1              # crash, stop, pause, partition, delay, loss, disk-loss or readdress
///     after: 8               # or before: a step's number or id
///     offset: 500ms          # optional: target time after that step boundary
///     for: 2s                # optional: undone after this long (else when the procedure ends)
///   - partition: leader      # a host, leader, a-follower, next-command-host or newest-member
///     shape: minority        # isolate (default), minority or bridge
///     before: add-m4
///     for: 3s
///   - delay: m2
///     latency: 200ms
///     after: 3
///     for: 5s
///   - loss: a-follower
///     rate: 30%
///     after: 3
///     for: 5s
/// </code>
/// </example>
public static class FaultScheduleFile
{
    /// <summary>The kinds by the key a schedule file uses for them.</summary>
    public static IReadOnlyDictionary<string, FaultKind> Kinds { get; } = new Dictionary<string, FaultKind>(StringComparer.Ordinal)
    {
        ["crash"] = FaultKind.Crash,
        ["stop"] = FaultKind.Stop,
        ["pause"] = FaultKind.Pause,
        ["partition"] = FaultKind.Partition,
        ["delay"] = FaultKind.Delay,
        ["loss"] = FaultKind.Loss,
        ["disk-loss"] = FaultKind.DiskLoss,
        ["readdress"] = FaultKind.Readdress,
    };

    /// <summary>Longest a fault may last, or be offset from its step.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(1);

    /// <summary>Longest packet delay a schedule may ask for.</summary>
    public static readonly TimeSpan MaxLatency = TimeSpan.FromSeconds(10);

    /// <summary>Reads a schedule file for <paramref name="scenario"/>.</summary>
    /// <exception cref="InputException">The path is not a readable schedule file.</exception>
    /// <exception cref="ScenarioException">A mistake in the file, at its line and column.</exception>
    public static FaultSchedule Load(string path, Scenario scenario) => Parse(ScenarioLoader.ReadText(path), path, scenario);

    /// <summary>Reads schedule text for <paramref name="scenario"/>; <paramref name="file"/> names it in errors.</summary>
    public static FaultSchedule Parse(string yaml, string file, Scenario scenario)
    {
        var root = YamlPreScan.Load(yaml, file) ?? throw new ScenarioException(file, 1, 1, "the file holds no fault schedule; it has scenario: and faults:");
        var y = new YamlNodes(file);
        var top = y.Entries(y.Mapping(root, "a fault schedule"), "a fault schedule", "scenario", "faults");
        if (!top.TryGetValue("scenario", out var name)) throw y.Error(root, "missing 'scenario:' (the scenario the schedule was made for)");
        if (y.NonEmpty(name.Value, "scenario") != scenario.Name)
            throw y.Error(name.Value, $"the schedule is for scenario '{y.Scalar(name.Value, "scenario")}', not '{scenario.Name}'");
        if (!top.TryGetValue("faults", out var list)) throw y.Error(root, "missing 'faults:' (a list of faults, possibly empty: [])");
        var faults = y.Sequence(list.Value, "faults").Children.Select(node => ReadFault(y, node, scenario)).ToArray();
        return new FaultSchedule(scenario.Name, faults);
    }

    private static Fault ReadFault(YamlNodes y, YamlNode node, Scenario scenario)
    {
        var map = y.Entries(y.Mapping(node, "a fault"), "a fault");
        var kinds = map.Keys.Where(Kinds.ContainsKey).ToArray();
        if (kinds.Length != 1)
            throw y.Error(node, kinds.Length == 0
                ? $"a fault starts with what it does: one of {string.Join(", ", Kinds.Keys)} (then its target)"
                : $"one fault does one thing, found {string.Join(" and ", kinds)}");
        var kind = Kinds[kinds[0]];
        string[] allowed = kind switch
        {
            FaultKind.Partition => ["shape"],
            FaultKind.Delay => ["latency"],
            FaultKind.Loss => ["rate"],
            _ => [],
        };
        foreach (var (key, (keyNode, _)) in map)
            if (key != kinds[0] && key is not ("before" or "after" or "offset" or "for") && !allowed.Contains(key))
                throw y.Error(keyNode, $"a {kinds[0]} fault takes before: or after:, offset:, for:{string.Concat(allowed.Select(a => $", {a}:"))}; not '{key}:'");

        var target = ReadTarget(y, map[kinds[0]].Value, scenario);
        if (map.ContainsKey("before") == map.ContainsKey("after"))
            throw y.Error(node, "a fault is placed with exactly one of before: <step> or after: <step> (a step's number or id)");
        var after = map.ContainsKey("after");
        var step = StepRef(y, map[after ? "after" : "before"].Value, scenario);
        var offset = map.TryGetValue("offset", out var o) ? y.Duration(o.Value, "offset", TimeSpan.Zero, MaxDuration) : TimeSpan.Zero;
        TimeSpan? lasts = map.TryGetValue("for", out var f) ? y.Duration(f.Value, "for", TimeSpan.FromMilliseconds(1), MaxDuration) : null;

        var shape = PartitionShape.Isolate;
        if (map.TryGetValue("shape", out var s))
            shape = y.Scalar(s.Value, "shape") switch
            {
                "isolate" => PartitionShape.Isolate,
                "minority" => PartitionShape.Minority,
                "bridge" => PartitionShape.Bridge,
                var other => throw y.Error(s.Value, $"shape is isolate, minority or bridge, found {YamlNodes.Quote(other)}"),
            };
        TimeSpan? latency = null;
        if (kind == FaultKind.Delay)
            latency = map.TryGetValue("latency", out var l)
                ? y.Duration(l.Value, "latency", TimeSpan.FromMilliseconds(1), MaxLatency)
                : throw y.Error(node, "a delay fault needs latency: <duration> (the added delay of every peer packet, e.g. 200ms)");
        double? rate = null;
        if (kind == FaultKind.Loss)
            rate = map.TryGetValue("rate", out var r)
                ? Rate(y, r.Value)
                : throw y.Error(node, "a loss fault needs rate: <percent> (the share of peer packets dropped, e.g. 30%)");
        return new Fault(kind, target, new FaultPlacement(after, step, offset), lasts, shape, latency, rate);
    }

    private static FaultTarget ReadTarget(YamlNodes y, YamlNode node, Scenario scenario)
    {
        var text = y.NonEmpty(node, "fault target");
        if (FaultTarget.Roles.TryGetValue(text, out var role)) return new FaultTarget(role);
        if (text.StartsWith("a-follower#", StringComparison.Ordinal)
            && int.TryParse(text["a-follower#".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var choice) && choice < 1000)
            return new FaultTarget(FaultTargetKind.Follower, Choice: choice);
        return scenario.Cluster.Find(text) is not null
            ? FaultTarget.Named(text)
            : throw y.Error(node, $"unknown fault target '{text}': a host of the scenario ({string.Join(", ", scenario.Cluster.Hosts.Select(h => h.Name))}) or {string.Join(", ", FaultTarget.Roles.Keys)}");
    }

    private static int StepRef(YamlNodes y, YamlNode node, Scenario scenario)
    {
        var text = y.NonEmpty(node, "step");
        if (scenario.Steps.FirstOrDefault(s => s.Id == text) is { } byId) return byId.Index;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= scenario.Steps.Count) return n;
        var ids = scenario.Steps.Where(s => s.Id is not null).Select(s => s.Id!).ToArray();
        throw y.Error(node, $"no step {YamlNodes.Quote(text)} in {scenario.Name}: use a number from 1 to {scenario.Steps.Count}{(ids.Length > 0 ? " or an id: " + string.Join(", ", ids) : "")}");
    }

    private static double Rate(YamlNodes y, YamlNode node)
    {
        var text = y.Scalar(node, "rate");
        var number = text.EndsWith('%') ? text[..^1] : text;
        return double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent) && percent > 0 && percent <= 100
            ? percent / 100
            : throw y.Error(node, $"rate must be a percentage above 0 and at most 100, such as 30%, found {YamlNodes.Quote(text)}");
    }

    /// <summary>The schedule as the YAML file <see cref="Parse"/> reads, with each fault's description as a comment.</summary>
    public static string Write(FaultSchedule schedule)
    {
        var faults = new YamlSequenceNode();
        foreach (var fault in schedule.Faults)
        {
            var kind = Kinds.First(k => k.Value == fault.Kind).Key;
            var map = new YamlMappingNode { { kind, fault.Target.ToString() } };
            map.Add(fault.At.After ? "after" : "before", fault.At.Step.ToString(CultureInfo.InvariantCulture));
            if (fault.At.Offset > TimeSpan.Zero) map.Add("offset", Durations.Format(fault.At.Offset));
            if (fault.For is { } d) map.Add("for", Durations.Format(d));
            if (fault.Kind == FaultKind.Partition && fault.Shape != PartitionShape.Isolate) map.Add("shape", fault.Shape.ToString().ToLowerInvariant());
            if (fault.Latency is { } l) map.Add("latency", Durations.Format(l));
            if (fault.LossRate is { } r) map.Add("rate", (r * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%");
            faults.Add(map);
        }
        var root = new YamlMappingNode { { "scenario", schedule.Scenario }, { "faults", faults } };
        var text = new StringWriter();
        text.WriteLine("# " + string.Join(Environment.NewLine + "# ", schedule.Describe().Split(Environment.NewLine)));
        new YamlStream(new YamlDocument(root)).Save(text, assignAnchors: false);
        return text.ToString().Replace("\n...\n", "\n", StringComparison.Ordinal);
    }
}
