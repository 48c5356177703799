using System.Globalization;
using EtcdLab.Core.Exceptions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EtcdLab.Core.Scenarios;

/// <summary>Typed access to YAML nodes that reports every mistake at the node's line and column.</summary>
internal sealed class YamlNodes(string file, Func<string, string> rewrite)
{
    public ScenarioException Error(YamlNode node, string problem) =>
        new(file, (int)node.Start.Line, (int)node.Start.Column, problem);

    public ScenarioException Error(Mark mark, string problem) => new(file, (int)mark.Line, (int)mark.Column, problem);

    public YamlMappingNode Mapping(YamlNode node, string what) =>
        node as YamlMappingNode ?? throw Error(node, $"{what} must be a mapping of 'key: value' lines, found {Describe(node)}");

    public YamlSequenceNode Sequence(YamlNode node, string what) =>
        node as YamlSequenceNode ?? throw Error(node, $"{what} must be a list ('- item' lines or [a, b]), found {Describe(node)}");

    public string Scalar(YamlNode node, string what)
    {
        if (node is not YamlScalarNode { Value: { } value }) throw Error(node, $"{what} must be a single value, found {Describe(node)}");
        return rewrite(value);
    }

    public string NonEmpty(YamlNode node, string what)
    {
        var value = Scalar(node, what);
        return value.Length > 0 ? value : throw Error(node, $"{what} must not be empty");
    }

    public int Int(YamlNode node, string what, int min)
    {
        var text = Scalar(node, what);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min
            ? n : throw Error(node, $"{what} must be a whole number of at least {min}, found '{text}'");
    }

    public TimeSpan Duration(YamlNode node, string what)
    {
        var text = Scalar(node, what);
        return Durations.TryParse(text, out var d) ? d : throw Error(node, $"{what} must be a duration such as 500ms, 5s or 1m, found '{text}'");
    }

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

    public static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode s => $"'{s.Value}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "something else",
    };
}
