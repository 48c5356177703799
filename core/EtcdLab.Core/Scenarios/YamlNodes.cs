using System.Globalization;
using EtcdLab.Core.Exceptions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EtcdLab.Core.Scenarios;

/// <summary>Typed access to YAML nodes that reports every mistake at the node's line and column.</summary>
internal sealed class YamlNodes(string file)
{
    public ScenarioException Error(YamlNode node, string problem) =>
        new(file, (int)node.Start.Line, (int)node.Start.Column, problem);

    public ScenarioException Error(Mark mark, string problem) => new(file, (int)mark.Line, (int)mark.Column, problem);

    /// <summary>An error at <paramref name="offset"/> inside a scalar's value: at that very column when
    /// the scalar sits on one line and its value is its text (plain, or quoted without escapes),
    /// else at the scalar.</summary>
    public ScenarioException ErrorAt(YamlNode node, int offset, string problem)
    {
        if (node is YamlScalarNode { Value: { } value } s && s.Start.Line == s.End.Line)
        {
            var written = s.End.Column - s.Start.Column;
            if (s.Style == ScalarStyle.Plain && written == value.Length)
                return new(file, (int)s.Start.Line, (int)s.Start.Column + offset, problem);
            if (s.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted && written == value.Length + 2)
                return new(file, (int)s.Start.Line, (int)s.Start.Column + 1 + offset, problem);
        }
        return Error(node, problem);
    }

    public YamlMappingNode Mapping(YamlNode node, string what) =>
        node as YamlMappingNode ?? throw Error(node, $"{what} must be a mapping of 'key: value' lines, found {Describe(node)}");

    public YamlSequenceNode Sequence(YamlNode node, string what) =>
        node as YamlSequenceNode ?? throw Error(node, $"{what} must be a list ('- item' lines or [a, b]), found {Describe(node)}");

    public string Scalar(YamlNode node, string what) => Raw(node, what);

    /// <summary>A scalar's value as the file has it, before addresses move into the run's slot.</summary>
    public string Raw(YamlNode node, string what) =>
        node is YamlScalarNode { Value: { } value } ? value : throw Error(node, $"{what} must be a single value, found {Describe(node)}");

    public string NonEmpty(YamlNode node, string what)
    {
        var value = Scalar(node, what);
        return value.Length > 0 ? value : throw Error(node, $"{what} must not be empty");
    }

    public int Int(YamlNode node, string what, int min, int max)
    {
        var text = Scalar(node, what);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n : throw Error(node, $"{what} must be a whole number from {min} to {max}, found {Quote(text)}");
    }

    public TimeSpan Duration(YamlNode node, string what, TimeSpan min, TimeSpan max)
    {
        var text = Scalar(node, what);
        if (!Durations.TryParse(text, out var d)) throw Error(node, $"{what} must be a duration such as 500ms, 5s, 1m or 1h, found {Quote(text)}");
        if (d < min) throw Error(node, $"{what} must be at least {Bound(min)}, found {Quote(text)}");
        if (d > max) throw Error(node, $"{what} must be at most {Bound(max)}, found {Quote(text)}");
        return d;
    }

    private static string Bound(TimeSpan d) =>
        d >= TimeSpan.FromHours(1) && d.Ticks % TimeSpan.TicksPerHour == 0 ? $"{(long)d.TotalHours}h" : Durations.Format(d);

    public IReadOnlyList<string> ScalarOrList(YamlNode node, string what) =>
        node is YamlSequenceNode seq ? seq.Children.Select(c => Scalar(c, what + " item")).ToArray() : [Scalar(node, what)];

    /// <summary>The mapping's entries with their key nodes; rejects keys not in <paramref name="allowed"/>.</summary>
    public Dictionary<string, (YamlNode Key, YamlNode Value)> Entries(YamlMappingNode map, string what, params string[] allowed)
    {
        var result = new Dictionary<string, (YamlNode, YamlNode)>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in map.Children)
        {
            var key = keyNode is YamlScalarNode { Value: { } k } ? k : throw Error(keyNode, $"keys of {what} must be plain words");
            if (allowed.Length > 0 && !allowed.Contains(key))
                throw Error(keyNode, $"unknown key '{key}' in {what}; expected one of: {string.Join(", ", allowed)}");
            if (!result.TryAdd(key, (keyNode, valueNode))) throw Error(keyNode, $"'{key}' appears twice in {what}");
        }
        return result;
    }

    /// <summary>A value quoted for a message, shortened when long: a mebibyte value makes no message.</summary>
    public static string Quote(string value) => value.Length <= 80 ? $"'{value}'" : $"'{value[..77]}...' ({value.Length:N0} characters)";

    public static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode s => Quote(s.Value ?? ""),
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "something else",
    };
}
