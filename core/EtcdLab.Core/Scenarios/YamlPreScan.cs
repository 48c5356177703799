using System.Text.RegularExpressions;
using EtcdLab.Core.Exceptions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace EtcdLab.Core.Scenarios;

/// <summary>
/// Reads a scenario's YAML as a flat stream of parser events, with bounded work, before the node
/// tree is built. YamlDotNet builds that tree recursively (50,000 nested brackets overflow the
/// stack and kill the process) and compares mapping keys by walking them (an alias bomb used as a
/// key takes exponential time), so what the scenario language has no use for is refused here, at
/// its line and column: more than <see cref="MaxDepth"/> levels of nesting, anchors and aliases,
/// tags, keys that are lists or mappings, more than one document. The event loop itself is not
/// recursive, and each event is looked at once.
/// </summary>
internal static partial class YamlPreScan
{
    /// <summary>Deepest nesting of lists and mappings a scenario may use (its own need is 5).</summary>
    public const int MaxDepth = 64;

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex PositionPrefix();

    private const string AnchorsRefused =
        "anchors (&name) and aliases (*name) are not part of the scenario language; write each value out where it is used";

    private sealed record Open(bool Mapping, bool Flow, Mark Start)
    {
        public bool ExpectKey { get; set; } = true;
    }

    /// <summary>Throws a <see cref="ScenarioException"/> at the first thing in <paramref name="yaml"/>
    /// that is not valid YAML or not part of the scenario language's YAML.</summary>
    public static void Check(string yaml, string file)
    {
        var parser = new Parser(new StringReader(yaml));
        var open = new Stack<Open>();
        var documents = 0;
        var lastEnd = Mark.Empty;
        try
        {
            while (parser.MoveNext())
            {
                var e = parser.Current!;
                switch (e)
                {
                    case DocumentStart when ++documents > 1:
                        throw Error(file, e.Start, "a scenario file holds exactly one YAML document; remove this '---' and what follows, or put it in its own file");
                    case AnchorAlias:
                        throw Error(file, e.Start, AnchorsRefused);
                    case NodeEvent node:
                        CheckNode(file, node, open);
                        break;
                    case MappingEnd or SequenceEnd:
                        open.Pop();
                        break;
                }
                lastEnd = e.End;
            }
        }
        catch (YamlException e)
        {
            // YamlDotNet's Start is sometimes where the enclosing thing began (the mapping a stray tab
            // breaks, the quote of an unterminated string); End is then the spot itself.
            // Some errors (a tab as indentation) carry no position at all: then it is past the last
            // thing read.
            var at = e.End.Line > e.Start.Line ? e.End : e.Start;
            if (at.Index < lastEnd.Index) at = lastEnd;
            throw Error(file, at, "not valid YAML: " + PositionPrefix().Replace(e.Message, "") + Unclosed(open));
        }
        catch (Exception e) when (e is not ScenarioException)
        {
            // YamlDotNet's scanner fails with other exceptions on some broken input (an unclosed
            // '[' followed by more lines throws InvalidOperationException); it reads nothing but
            // this text, so the failure is the text's. Point at what was left open, or at the last
            // thing read.
            if (open.FirstOrDefault(o => o.Flow) is { } flow)
                throw Error(file, flow.Start, $"not valid YAML: this '{(flow.Mapping ? '{' : '[')}' is never closed; add the '{(flow.Mapping ? '}' : ']')}' after its last item (items are separated by ', ')");
            throw Error(file, lastEnd, $"not valid YAML after this point (the YAML reader stopped: {e.Message})");
        }
    }

    private static void CheckNode(string file, NodeEvent node, Stack<Open> open)
    {
        if (!node.Anchor.IsEmpty) throw Error(file, node.Start, AnchorsRefused);
        if (!node.Tag.IsEmpty)
            throw Error(file, node.Start, $"YAML tags such as '{node.Tag}' are not part of the scenario language; write the plain value (quote it to keep it text)");
        if (open.TryPeek(out var parent) && parent.Mapping)
        {
            if (parent.ExpectKey && node is not Scalar)
                throw Error(file, node.Start, "a key must be a plain word, not a list or a mapping");
            parent.ExpectKey = !parent.ExpectKey;
        }
        if (node is MappingStart or SequenceStart)
        {
            if (open.Count >= MaxDepth)
                throw Error(file, node.Start, $"nested more than {MaxDepth} levels deep; a scenario needs about 5 (steps, a step, its expect:, a list)");
            var flow = node is MappingStart { Style: MappingStyle.Flow } or SequenceStart { Style: SequenceStyle.Flow };
            open.Push(new Open(node is MappingStart, flow, node.Start));
        }
    }

    private static string Unclosed(Stack<Open> open) =>
        open.FirstOrDefault(o => o.Flow) is { } flow
            ? $" (inside the '{(flow.Mapping ? '{' : '[')}' at line {flow.Start.Line}, column {flow.Start.Column}: is its '{(flow.Mapping ? '}' : ']')}' missing?)"
            : "";

    private static ScenarioException Error(string file, Mark mark, string problem) =>
        new(file, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column), problem);

    /// <summary>The single document of <paramref name="yaml"/> after <see cref="Check"/>, or null when the
    /// text holds none (only blank lines or comments). Every YAML mistake is a <see cref="ScenarioException"/>
    /// at its position in <paramref name="file"/>.</summary>
    public static YamlDotNet.RepresentationModel.YamlNode? Load(string yaml, string file)
    {
        if (yaml.Length > ScenarioLoader.MaxFileBytes)
            throw new InputException($"{file} holds {yaml.Length:N0} characters; EtcdLab reads files of at most {ScenarioLoader.MaxFileBytes / 1024} KiB. Is it the file you meant?");
        Check(yaml, file);
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new ScenarioException(file, (int)Math.Max(1, e.Start.Line), (int)Math.Max(1, e.Start.Column), "not valid YAML: " + e.Message);
        }
        return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
    }
}
