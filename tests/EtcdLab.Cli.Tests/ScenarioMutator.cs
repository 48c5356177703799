using System.Text;
using System.Text.RegularExpressions;

namespace EtcdLab.Cli.Tests;

/// <summary>
/// Derives broken variants of a scenario file, deterministically from a seed: the mistakes a person
/// makes while editing (a line lost, duplicated or mis-indented, a value of the wrong type, a
/// bracket left open, a tab) and the hostile ones (an address outside 127/8, a huge number, YAML
/// anchors and tags, deep nesting, control characters). Each variant names its mutation, so a
/// failure says what was done to which file.
/// </summary>
internal static partial class ScenarioMutator
{
    [GeneratedRegex(@"127\.0\.\d+\.\d+")]
    private static partial Regex ScenarioAddress();

    [GeneratedRegex(@"(?<=: )\S.*$")]
    private static partial Regex Value();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Number();

    private static readonly string[] PlantedAddresses =
        ["192.0.2.1", "0.0.0.0", "127.5.1.1", "127.0.0.1", "etcd.example", "[2001:db8::1]", "[::]", "127.0.01.1", "999.1.1.1", "127.1", ""];

    private static readonly string[] WrongTypes = ["[a, b]", "{x: 1}", "[]", "{}", "~", "''", "- item", "[[[", "}", "\"unterminated"];

    private static readonly string[] OddText = ["\0", "\u0007", "\uFEFF", "\u00e9", "\U0001F600", "\r", "\u2028", "%", "@", "`", "|", ">", "&", "*", "!", "#", "? "];

    /// <summary>The mutations, each a function of the text and the seeded random source.</summary>
    private static readonly (string Name, Func<string, Random, string> Apply)[] Mutations =
    [
        ("truncate", (t, r) => t[..r.Next(1, t.Length)]),
        ("delete-line", (t, r) => WithLines(t, r, (lines, i) => lines.RemoveAt(i))),
        ("duplicate-line", (t, r) => WithLines(t, r, (lines, i) => lines.Insert(i, lines[i]))),
        ("swap-lines", (t, r) => WithLines(t, r, (lines, i) => (lines[i], lines[(i + 1) % lines.Count]) = (lines[(i + 1) % lines.Count], lines[i]))),
        ("open-bracket", (t, r) => ReplaceValue(t, r, r.Next(2) == 0 ? "[" : "{")),
        ("wrong-type", (t, r) => ReplaceValue(t, r, WrongTypes[r.Next(WrongTypes.Length)])),
        ("empty-value", (t, r) => ReplaceValue(t, r, "")),
        ("insert-tab", (t, r) => WithLines(t, r, (lines, i) => lines[i] = lines[i].Insert(r.Next(lines[i].Length + 1), "\t"))),
        ("indent", (t, r) => WithLines(t, r, (lines, i) => lines[i] = r.Next(2) == 0 ? "  " + lines[i] : lines[i].TrimStart())),
        ("plant-address", PlantAddress),
        ("huge-number", (t, r) => ReplaceRandom(t, r, Number(), r.Next(2) == 0 ? "99999999999999999999" : "-1")),
        ("anchor-alias-tag", (t, r) => ReplaceValue(t, r, new[] { "&a x", "*a", "!tag x", "!!map x", "&a [*a]" }[r.Next(5)])),
        ("deep-nesting", (t, r) => ReplaceValue(t, r, new string('[', 70 + r.Next(1000)) + new string(']', 70))),
        ("odd-character", (t, r) => t.Insert(r.Next(t.Length), OddText[r.Next(OddText.Length)])),
        ("splice-line", (t, r) => WithLines(t, r, (lines, i) => lines.Insert(r.Next(lines.Count), lines[i].Trim() + ": " + lines[i]))),
        ("break-variable", (t, r) => t.Contains("${") ? ReplaceRandom(t, r, VariableText(), new[] { "${nope}", "${m4.peer-url", "${}", "$${x}" }[r.Next(4)]) : t + "\n  - wait: ${x}\n"),
        ("second-document", (t, r) => t + "\n---\n" + t[..r.Next(1, t.Length)]),
    ];

    [GeneratedRegex(@"\$\{[^}]*\}")]
    private static partial Regex VariableText();

    /// <summary>Count mutations applied to <paramref name="text"/>, round-robin over the kinds, each at a seeded position.</summary>
    public static IEnumerable<(string Mutation, string Text)> Variants(string text, int seed, int count)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var (name, apply) = Mutations[i % Mutations.Length];
            yield return (name, apply(text, random));
        }
    }

    /// <summary>How many kinds of mutation there are.</summary>
    public static int Kinds => Mutations.Length;

    private static string WithLines(string text, Random random, Action<List<string>, int> change)
    {
        var lines = text.Split('\n').ToList();
        change(lines, random.Next(lines.Count));
        return string.Join('\n', lines);
    }

    private static string ReplaceValue(string text, Random random, string replacement)
    {
        var lines = text.Split('\n');
        var candidates = Enumerable.Range(0, lines.Length).Where(i => Value().IsMatch(lines[i])).ToArray();
        if (candidates.Length == 0) return text + replacement;
        var line = candidates[random.Next(candidates.Length)];
        lines[line] = Value().Replace(lines[line], replacement);
        return string.Join('\n', lines);
    }

    private static string ReplaceRandom(string text, Random random, Regex pattern, string replacement)
    {
        var matches = pattern.Matches(text);
        if (matches.Count == 0) return text + replacement;
        var m = matches[random.Next(matches.Count)];
        return new StringBuilder(text).Remove(m.Index, m.Length).Insert(m.Index, replacement).ToString();
    }

    private static string PlantAddress(string text, Random random)
    {
        var planted = PlantedAddresses[random.Next(PlantedAddresses.Length)];
        return random.Next(3) switch
        {
            0 => ReplaceRandom(text, random, ScenarioAddress(), planted),
            1 => text.Replace("${m4.peer-url}", $"http://{planted}:2380").Replace("${m1.client-url}", $"http://{planted}:2379"),
            _ => text.Replace("  hosts:\n", $"  flags: {{listen-client-urls: \"http://{planted}:2379\"}}\n  hosts:\n"),
        };
    }
}
