using EtcdLab.Core.Scenarios;
using System.Text;
using System.Text.RegularExpressions;

namespace EtcdLab.Core.Incidents.Import;

/// <summary>
/// Maps an operator's typed command onto a scenario step where the mapping is clear: etcdctl v3 commands
/// (also through <c>docker exec</c>, <c>sudo</c>, a path, <c>ETCDCTL_API=3</c>), their v2 forms
/// (<c>member add name url</c>, <c>member remove id</c>, <c>cluster-health</c>), and host actions typed in a
/// shell (<c>systemctl</c>/<c>service</c>, <c>rm -rf</c>, <c>cp -r</c>, <c>mv</c>, <c>kubectl delete pod</c>,
/// <c>docker stop|start|restart</c>, <c>kill -9</c>), which stay as typed under <c>shell:</c>. Anything else
/// becomes a note that says why. A step never keeps an address outside loopback: one it cannot map is a note.
/// </summary>
public static partial class CommandMapper
{
    [GeneratedRegex(@"\b(?:\d{1,3}\.){3}\d{1,3}\b")]
    private static partial Regex Ipv4();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*=")]
    private static partial Regex Assignment();

    [GeneratedRegex(@"(?:https?://)?(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?")]
    private static partial Regex UrlOrAddress();

    private static readonly HashSet<string> DroppedEtcdctlFlags = new(StringComparer.Ordinal)
        { "--user", "--cacert", "--cert", "--key", "--insecure-skip-tls-verify", "--insecure-transport", "--password" };

    private static readonly HashSet<string> ValueFlags = new(StringComparer.Ordinal)
        { "--user", "--cacert", "--cert", "--key", "--password", "--endpoints", "-w", "--write-out", "--command-timeout", "--dial-timeout", "--data-dir",
          "--name", "--initial-cluster", "--initial-cluster-token", "--initial-advertise-peer-urls", "--peer-urls", "--backup-dir" };

    /// <summary>The members a command names: <c>member add NAME URL</c> (joining), <c>--endpoints</c> addresses.</summary>
    public static IEnumerable<MemberSighting> Sightings(string command)
    {
        foreach (var part in Parts(command))
        {
            var words = Strip(Words(part), out _);
            if (words.Count == 0 || Path.GetFileName(words[0]) != "etcdctl") continue;
            var (args, flags) = Split(words.Skip(1).ToList());
            if (Flag(flags, "--endpoints") is { } endpoints)
                foreach (var e in endpoints.Split(','))
                    if (LineClassifier.AddressOf([e]) is { } a) yield return new MemberSighting(null, null, a);
            if (args is ["member", "add", var name, ..])
            {
                var url = args.Count > 3 ? args[3] : Flag(flags, "--peer-urls");
                yield return new MemberSighting(null, name, LineClassifier.AddressOf([url]), Joining: true);
            }
        }
    }

    /// <summary>Maps <paramref name="command"/>; <paramref name="host"/> maps a member name to its lab host
    /// (null: unknown), <paramref name="address"/> an address to its loopback one.</summary>
    public static IReadOnlyList<MappedCommand> Map(string command, Func<string, string?> host, Func<string, string?> address)
    {
        var mapped = new List<MappedCommand>();
        foreach (var part in Parts(command))
        {
            var one = MapPart(part, host, address);
            // The safety net: a step carries no address but loopback ones.
            if (one.Key != "note" && Ipv4().Matches(one.Value).Any(m => !m.Value.StartsWith("127.", StringComparison.Ordinal)))
                one = new MappedCommand("note", $"typed: {part}", "not mapped: it names an address that is no member's");
            mapped.Add(one);
        }
        return mapped;
    }

    private static MappedCommand MapPart(string part, Func<string, string?> host, Func<string, string?> address)
    {
        var words = Strip(Words(part), out var api);
        if (words.Count == 0) return new("note", $"typed: {part}", "not mapped: no command in it");
        var tool = Path.GetFileName(words[0]);
        if (tool == "etcdctl") return MapEtcdctl(part, words, api, host, address);
        var rest = words.Skip(1).ToList();
        var typed = Rewrite(string.Join(' ', words), address);
        var service = rest is [_, var unit] && Unit(unit) || rest is [var unit2, _] && Unit(unit2);
        MappedCommand drafted = tool switch
        {
            "systemctl" when rest is ["start" or "stop" or "restart" or "kill", _] && service => new("shell", typed, null),
            "service" when rest is [_, "start" or "stop" or "restart"] && service => new("shell", typed, null),
            "docker" when rest is ["stop" or "start" or "restart" or "kill", "etcd"] => new("shell", typed, null),
            "rm" when rest.Count >= 2 && rest[0] is "-rf" or "-fr" or "-r" or "-Rf" => new("shell", typed, null),
            "cp" when rest.Count == 3 && rest[0] is "-r" or "-a" or "-rf" or "-R" or "-fr" => new("shell", typed, null),
            "mv" when rest.Count(w => !w.StartsWith('-')) == 2 => new("shell", typed, null),
            "kubectl" when rest.Count >= 3 && rest[0] == "delete" && rest[1] is "pod" or "pods" or "po" => new("shell", typed, null),
            "kill" when rest is ["-9", _] => new("shell", typed, null),
            "pkill" when rest is ["-9", "etcd"] => new("shell", typed, null),
            "etcd" => new("note", $"typed: {part}", "not mapped: etcd started by hand with flags; write it as a start step with flags"),
            _ => new("note", $"typed: {part}", $"not mapped: no step does what `{tool}` does here"),
        };
        // The loader decides what a shell: step may be (the lab's data dir is /var/lib/etcd): a command it
        // would refuse stays a note with its reason, so that the draft loads.
        return drafted.Key == "shell" && ShellCommands.Map(drafted.Value, "m1", "/var/lib/etcd") is { Problem: { } refused }
            ? new MappedCommand("note", $"typed: {part}", $"not mapped: {refused}")
            : drafted;
    }

    private static bool Unit(string word) => word is "etcd" or "etcd.service" or "etcd2" or "etcd2.service";

    private static MappedCommand MapEtcdctl(string part, List<string> words, int api, Func<string, string?> host, Func<string, string?> address)
    {
        var (args, flags) = Split(words.Skip(1).ToList());
        var notes = new List<string>();
        var step = new StringBuilder();
        void Add(string s) => step.Append(step.Length == 0 ? "" : " ").Append(s);
        string? Member(string name) => host(name);

        switch (args)
        {
            case ["member", "list"]:
            case ["endpoint", "health" or "status"]:
                Add(string.Join(' ', args));
                break;
            case ["cluster-health"]:
                Add("endpoint health --cluster");
                notes.Add("v2 cluster-health as v3 endpoint health --cluster");
                break;
            case ["member", "add", var name, ..]:
                var url = args.Count > 3 ? args[3] : Flag(flags, "--peer-urls");
                if (url is null) return new("note", $"typed: {part}", "not mapped: member add without a peer URL");
                Add($"member add {Member(name) ?? name} --peer-urls={Rewrite(url, address)}");
                if (args.Count > 3) notes.Add("v2 member add NAME URL as v3 --peer-urls");
                break;
            case ["member", "remove" or "update" or "promote", ..]:
                Add(string.Join(' ', args.Select(a => Rewrite(a, address))));
                notes.Add("the member ID is the incident's; the lab's member has another");
                break;
            case ["snapshot", "save" or "restore", _, ..]:
            case ["put" or "get", ..]:
                Add(string.Join(' ', args));
                if (args[0] == "snapshot") notes.Add("paths as typed; the lab keeps files under /var/lib/");
                break;
                        default:
                return new("note", $"typed: {part}", api == 2 || args is ["backup", ..]
                    ? "not mapped: an etcdctl v2 command with no v3 step"
                    : "not mapped: no etcdctl step for it");
        }
        foreach (var (flag, value) in flags)
        {
            if (flag is "--endpoints")
            {
                if (value.Contains('$')) notes.Add($"dropped --endpoints={value} (a shell expansion)");
                else Add($"--endpoints={Rewrite(value, address)}");
            }
            else if (flag is "-w" or "--write-out") Add($"-w {value}");
            else if (flag is "--command-timeout" or "--dial-timeout") Add($"{flag}={value}");
            else if (args[0] == "snapshot" && flag is "--data-dir" or "--name" or "--initial-cluster" or "--initial-cluster-token" or "--initial-advertise-peer-urls")
                Add($"{flag}={Rewrite(value, address)}");
            else if (DroppedEtcdctlFlags.Contains(flag) || flag.StartsWith('$')) notes.Add($"dropped {flag}");
            else if (flag != "--peer-urls") notes.Add($"dropped {flag} (no step flag)");
        }
        return new("etcdctl", step.ToString(), notes.Count == 0 ? null : string.Join("; ", notes));
    }

    /// <summary>Replaces every address <paramref name="address"/> knows, keeping ports and schemes.</summary>
    private static string Rewrite(string text, Func<string, string?> address) =>
        UrlOrAddress().Replace(text, m =>
        {
            var ip = Ipv4().Match(m.Value).Value;
            return address(ip) is { } lab ? m.Value.Replace(ip, lab, StringComparison.Ordinal) : m.Value;
        });

    private static IEnumerable<string> Parts(string command) =>
        command.Split(["&&", ";"], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Drops what does not change the command: <c>sudo [-u user]</c>, environment assignments
    /// (<c>ETCDCTL_API=2</c> sets <paramref name="api"/>), <c>docker exec [options] container</c>.</summary>
    private static List<string> Strip(List<string> words, out int api)
    {
        api = 3;
        var i = 0;
        for (var guard = 0; guard < 8 && i < words.Count; guard++)
        {
            if (words[i] == "sudo")
            {
                i++;
                while (i < words.Count && words[i].StartsWith('-')) i += words[i] is "-u" or "-g" ? 2 : 1;
            }
            else if (Assignment().IsMatch(words[i]))
            {
                if (words[i] == "ETCDCTL_API=2") api = 2;
                i++;
            }
            else if (words[i] == "docker" && i + 1 < words.Count && words[i + 1] == "exec")
            {
                i += 2;
                while (i < words.Count && words[i].StartsWith('-')) i += words[i] is "-e" or "--env" or "-u" or "-w" ? 2 : 1;
                i++; // the container
            }
            else break;
        }
        return words.Skip(i).ToList();
    }

    /// <summary>Positional words and <c>--flag value</c> / <c>--flag=value</c> pairs.</summary>
    private static (List<string> Args, List<KeyValuePair<string, string>> Flags) Split(List<string> words)
    {
        var args = new List<string>();
        var flags = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < words.Count; i++)
        {
            var w = words[i];
            if (w.StartsWith('$') && !w.StartsWith("$(", StringComparison.Ordinal)) flags.Add(new(w, ""));
            else if (!w.StartsWith('-')) args.Add(w);
            else if (w.IndexOf('=') is var eq and > 0) flags.Add(new(w[..eq], w[(eq + 1)..]));
            else if (ValueFlags.Contains(w) && i + 1 < words.Count) flags.Add(new(w, words[++i]));
            else flags.Add(new(w, ""));
        }
        return (args, flags);
    }

    private static string? Flag(List<KeyValuePair<string, string>> flags, string key) =>
        flags.FirstOrDefault(f => f.Key == key).Value;

    /// <summary>Shell words, with single and double quotes removed (no expansion).</summary>
    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        char? quote = null;
        var inWord = false;
        foreach (var c in text)
        {
            if (quote is { } q)
            {
                if (c == q) quote = null;
                else current.Append(c);
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(current.ToString());
                current.Clear();
                inWord = false;
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }
        if (inWord) words.Add(current.ToString());
        return words;
    }
}
