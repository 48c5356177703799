using EtcdLab.Core.Exceptions;
using System.Text.RegularExpressions;
using EtcdLab.Core.Scenarios;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace EtcdLab.Core.Tests.Runbooks;

/// <summary>
/// The etcdctl command lines of the five runbooks (Runbooks/etcdctl-lines.yaml, 43 of them), each
/// loaded as a scenario's <c>etcdctl:</c> step: which forms the language takes, and for the others the
/// load error that names what is missing. The accepted set is asserted exactly, so a regression and
/// an improvement both show here.
/// </summary>
public partial class RunbookEtcdctlLinesSpec(ITestOutputHelper output)
{
    /// <summary>The lines the language takes today, TLS flags included (v3 --cacert/--cert/--key, v2
    /// --ca-file/--cert-file/--key-file): all but a file outside /var/lib/ or a form etcdctl 3.4 itself
    /// refuses (etcd_ctl=2 for ETCDCTL_API=2), the same 39 as without their TLS flags.</summary>
    private static readonly string[] Accepted =
    [
        "000-08a", "000-08b", "000-60", "000-70", "000-81", "000-131", "000-133",
        "001-61", "001-84", "001-111", "001-119", "001-129", "001-148", "001-166", "001-188", "001-207", "001-225", "001-227",
        "002-31", "002-120", "002-140", "002-171", "002-179", "002-184", "002-260", "002-265", "002-272", "002-295", "002-319", "002-324",
        "003-233",
        "004-41", "004-45", "004-59", "004-68", "004-71", "004-86", "004-111", "004-118",
    ];

    /// <summary>The lines that load once their TLS flags are taken out (39 of 43): all but snapshot files
    /// outside /var/lib/ (001-169 and 004-100 name `backup.db` / `snapshot.db` in the working directory,
    /// 004-92 /tmp/snapshot.db) and etcd_ctl=2 (002-16, the runbook's typo: etcdctl ignores it and runs
    /// v3, where cluster-health is no command).</summary>
    private static readonly string[] AcceptedWithoutTls =
    [
        "000-08a", "000-08b", "000-60", "000-70", "000-81", "000-131", "000-133",
        "001-61", "001-84", "001-111", "001-119", "001-129", "001-148", "001-166", "001-188", "001-207", "001-225", "001-227",
        "002-31", "002-120", "002-140", "002-171", "002-179", "002-184", "002-260", "002-265", "002-272", "002-295", "002-319", "002-324",
        "003-233",
        "004-41", "004-45", "004-59", "004-68", "004-71", "004-86", "004-111", "004-118",
    ];

    [GeneratedRegex(@"\s--?(cacert|cert|key|ca-file|cert-file|key-file)(=\S+|\s+\S+)")]
    private static partial Regex TlsFlag();

    private sealed record Entry(string Id, string Runbook, string At, string Written, string Mapped, string? Note);

    private static IReadOnlyList<Entry> Entries()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Runbooks", "etcdctl-lines.yaml");
        var stream = new YamlStream();
        using (var reader = new StreamReader(path)) stream.Load(reader);
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        return ((YamlSequenceNode)root["entries"]).Children.Cast<YamlMappingNode>().Select(e => new Entry(
            Text(e, "id")!, Text(e, "runbook")!, Text(e, "at")!, Text(e, "written")!, Text(e, "mapped")!, Text(e, "note"))).ToArray();
    }

    private static string? Text(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    /// <summary>A scenario with the runbooks' hosts, a step that captures the member IDs the lines use,
    /// and the line as the step after it; null when it loads, else the load error.</summary>
    private static string? LoadError(Entry entry)
    {
        var indented = string.Join("\n", entry.Mapped.Split('\n').Select(l => "      " + l));
        var yaml = $$"""
            scenario: runbook-line
            procedure: P1
            runbook: {{entry.Runbook}} {{entry.At}}
            cluster:
              hosts: {m1: 127.0.1.1, m2: 127.0.1.2, m3: 127.0.1.3}
              spare-hosts: {m4: 127.0.1.4}
            steps:
              - etcdctl: member list
                on: m1
                capture: {failed-id: '^(\w+)', m1-id: '^(\w+)', m2-id: '^(\w+)'}
              - etcdctl: |-
            {{indented}}
                on: m1
            """;
        try
        {
            ScenarioLoader.Parse(yaml, "runbook-line.yaml");
            return null;
        }
        catch (EtcdLabException e)
        {
            return e.Message;
        }
    }

    [Fact]
    public void Corpus_should_hold_every_etcdctl_line_of_the_five_runbooks()
    {
        var entries = Entries();
        Assert.Equal(43, entries.Count);
        Assert.Equal(entries.Count, entries.Select(e => e.Id).Distinct().Count());
        var perRunbook = entries.GroupBy(e => e.Runbook[..3]).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["000"] = 7, ["001"] = 12, ["002"] = 13, ["003"] = 1, ["004"] = 10 }, perRunbook);
        // Each line as written is in its runbook (flattened lines keep their `\ `; multi-line ones line by
        // line). The runbooks are the team's shared copies beside the checkout, not part of the
        // repository: a checkout without them (CI's) checks the corpus's own shape above and no more.
        foreach (var e in entries)
        {
            if (RunbookPath(e.Runbook) is not { } path)
            {
                output.WriteLine($"shared/runbooks/{e.Runbook} is not beside this checkout; the corpus was not compared with it");
                continue;
            }
            var text = File.ReadAllText(path);
            foreach (var line in e.Written.Split('\n'))
                Assert.True(text.Contains(line.Trim(), StringComparison.Ordinal), $"{e.Id}: '{line.Trim()}' is not in {e.Runbook}");
        }
    }

    [Fact]
    public void Runbook_lines_should_load_exactly_as_the_accepted_set_says()
    {
        var entries = Entries();
        var accepted = new List<string>();
        foreach (var e in entries)
        {
            var error = LoadError(e);
            if (error is null) accepted.Add(e.Id);
            output.WriteLine($"{e.Id,-8} {(error is null ? "accepted" : "refused ")}  {OneLine(e.Mapped)}");
            if (error is not null) output.WriteLine($"{"",-8} why:      {error}");
        }
        output.WriteLine($"{accepted.Count} of {entries.Count} accepted");
        Assert.Equal(Accepted, accepted);
    }

    [Fact]
    public void Runbook_lines_without_their_TLS_flags_should_load_but_for_the_known_rest()
    {
        var accepted = new List<string>();
        foreach (var e in Entries())
        {
            var error = LoadError(e with { Mapped = TlsFlag().Replace(e.Mapped, "") });
            if (error is null) accepted.Add(e.Id);
            else output.WriteLine($"{e.Id,-8} refused without TLS flags: {error}");
        }
        output.WriteLine($"{accepted.Count} of 43 accepted without TLS flags");
        Assert.Equal(AcceptedWithoutTls, accepted);
    }

    private static string OneLine(string text) => string.Join(" ", text.Split('\n').Select(l => l.Trim().TrimEnd('\\').Trim()));

    /// <summary>shared/runbooks beside the checkout (/work/shared/runbooks for /work/main and /work/wt/NAME).</summary>
    private static string? RunbookPath(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "runbooks", file);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
