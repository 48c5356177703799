using System.Text;
using System.Text.RegularExpressions;

namespace EtcdLab.Core.Etcdctl;

/// <summary>
/// Parses etcdctl command lines as runbooks write them: optionally <c>sudo</c>, an <c>ETCDCTL_API=2|3</c>
/// prefix and the word <c>etcdctl</c> (or a path to it), then etcdctl's arguments, v3 (etcdctl 3.4's
/// default) or v2. Unsupported commands or flags are reported as <see cref="EtcdctlSyntaxException"/> (a
/// scenario mistake) naming the form EtcdLab lacks; argument mistakes etcdctl itself reports (<c>member
/// name not provided</c>) are left for <see cref="EtcdctlEmulator"/> to print.
/// </summary>
public static partial class EtcdctlParser
{
    private static readonly string[] GlobalFlags = ["endpoints", "write-out", "command-timeout", "dial-timeout", "cacert", "cert", "key"];

    /// <summary>etcdctl 3.4's global boolean flags.</summary>
    private static readonly string[] GlobalBoolFlags = ["insecure-skip-tls-verify"];

    private static readonly Dictionary<string, (EtcdctlCommand Command, int Words, string[] Flags, string[] BoolFlags)> Commands = new()
    {
        ["member list"] = (EtcdctlCommand.MemberList, 2, [], []),
        ["member add"] = (EtcdctlCommand.MemberAdd, 2, ["peer-urls"], ["learner"]),
        ["member remove"] = (EtcdctlCommand.MemberRemove, 2, [], []),
        ["member update"] = (EtcdctlCommand.MemberUpdate, 2, ["peer-urls"], []),
        ["member promote"] = (EtcdctlCommand.MemberPromote, 2, [], []),
        ["endpoint health"] = (EtcdctlCommand.EndpointHealth, 2, [], ["cluster"]),
        ["endpoint status"] = (EtcdctlCommand.EndpointStatus, 2, [], ["cluster"]),
        ["snapshot save"] = (EtcdctlCommand.SnapshotSave, 2, [], []),
        ["snapshot restore"] = (EtcdctlCommand.SnapshotRestore, 2,
            ["data-dir", "name", "initial-cluster", "initial-cluster-token", "initial-advertise-peer-urls"], ["skip-hash-check"]),
        ["put"] = (EtcdctlCommand.Put, 1, [], []),
        ["get"] = (EtcdctlCommand.Get, 1, [], ["prefix", "keys-only"]),
    };

    /// <summary>Flags of any v3 command that take a value: cobra finds the command words by skipping
    /// them with their value (<c>snapshot --data-dir /x restore f</c> is <c>snapshot restore</c>).</summary>
    private static readonly HashSet<string> ValueFlags =
        GlobalFlags.Concat(Commands.Values.SelectMany(c => c.Flags)).ToHashSet(StringComparer.Ordinal);

    /// <summary>v3 flags without a value: the commands' own and etcdctl's global boolean ones. Cobra
    /// finds the command words by skipping every other <c>--flag</c> written without <c>=</c> together
    /// with the word after it (its stripFlags: a flag it does not know is taken to have a value).</summary>
    private static readonly HashSet<string> BoolFlags =
        Commands.Values.SelectMany(c => c.BoolFlags)
            .Concat(["debug", "hex", "insecure-transport", "insecure-skip-tls-verify", "insecure-discovery"])
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>The commands EtcdLab supports, for error messages and docs.</summary>
    public static IEnumerable<string> SupportedCommands => Commands.Keys;

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*=")]
    private static partial Regex Assignment();

    /// <summary>Parses a command line: etcdctl's arguments (<c>member list</c>), or a whole shell line
    /// (<c>sudo ETCDCTL_API=2 /usr/bin/etcdctl member list</c>).</summary>
    /// <exception cref="EtcdctlSyntaxException">The line is not one etcdctl command EtcdLab runs; the message says which form is missing.</exception>
    public static EtcdctlInvocation Parse(string commandLine)
    {
        var words = Split(commandLine);
        var (environment, argv) = Prefix(words);
        var api = environment.TryGetValue("ETCDCTL_API", out var v) ? v : "3";
        var invocation = api == "2" ? ParseV2(argv) : ParseV3(argv, commandLine);
        return invocation with { Api = api == "2" ? 2 : 3, Environment = environment };
    }

    /// <summary>Takes <c>sudo</c>, <c>NAME=value</c> assignments and the word <c>etcdctl</c> (or a path
    /// ending in it) off the front; a line without <c>etcdctl</c> is etcdctl's arguments alone.</summary>
    private static (IReadOnlyDictionary<string, string> Environment, IReadOnlyList<string> Argv) Prefix(IReadOnlyList<string> words)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        var sudo = false;
        if (words is ["export", ..])
            throw new EtcdctlSyntaxException(
                "`export` sets the environment of the commands that follow it, and a step runs one command: " +
                "write the variable in front of each etcdctl command instead (`ETCDCTL_API=2 etcdctl member list`; without it etcdctl 3.4 speaks v3)");
        if (words is ["sudo", ..])
        {
            sudo = true;
            i++;
        }
        for (; i < words.Count && Assignment().IsMatch(words[i]); i++)
        {
            var eq = words[i].IndexOf('=');
            var (name, value) = (words[i][..eq], words[i][(eq + 1)..]);
            if (name != "ETCDCTL_API")
                throw new EtcdctlSyntaxException(name.StartsWith("ETCDCTL_", StringComparison.Ordinal)
                    ? $"`{words[i]}`: EtcdLab passes only ETCDCTL_API to etcdctl; give {name["ETCDCTL_".Length..].ToLowerInvariant().Replace('_', '-')} as a flag (--{name["ETCDCTL_".Length..].ToLowerInvariant().Replace('_', '-')}=...)"
                    : $"`{words[i]}`: etcdctl reads no variable {name}; the API version is chosen with ETCDCTL_API=2 or ETCDCTL_API=3 (etcdctl 3.4 speaks v3 without it)");
            // etcdctl 3.4's main: an empty value or 3 is v3, 2 is v2, anything else exits with
            // "unsupported API version <v>".
            if (value is not ("2" or "3" or ""))
                throw new EtcdctlSyntaxException($"`{words[i]}`: etcdctl 3.4 exits with \"unsupported API version {value}\"; ETCDCTL_API is 2 or 3");
            if (value.Length > 0) environment[name] = value;
        }
        if (i < words.Count && (words[i] == "etcdctl" || words[i].EndsWith("/etcdctl", StringComparison.Ordinal)))
            return (environment, words.Skip(i + 1).ToArray());
        if (i < words.Count && words[i] is "etcdctl2" or "etcdctl3")
            throw new EtcdctlSyntaxException(
                $"`{words[i]}` is a shell alias of OpenShift 3.x (/etc/profile.d/etcdctl.sh), not a command: write what it stands for, " +
                (words[i] == "etcdctl2"
                    ? "`ETCDCTL_API=2 etcdctl -C <client url> <command>` (etcdctl 3.4 speaks v3 unless ETCDCTL_API=2)"
                    : "`ETCDCTL_API=3 etcdctl --endpoints=<client url> <command>`"));
        if (sudo || environment.Count > 0 || i > 0)
            throw new EtcdctlSyntaxException(
                $"after {string.Join(" ", words.Take(i))} the command must be etcdctl (`ETCDCTL_API=2 etcdctl member list`), found '{(i < words.Count ? words[i] : "")}'");
        return (environment, words);
    }

    private static EtcdctlInvocation ParseV3(IReadOnlyList<string> argv, string commandLine)
    {
        // Cobra finds the command among the words that are neither flags nor a flag's value.
        var words = new List<string>();
        for (var i = 0; i < argv.Count; i++)
        {
            if (!argv[i].StartsWith('-') || argv[i] == "-") words.Add(argv[i]);
            else if (!argv[i].Contains('=') && !BoolFlags.Contains(FlagName(argv[i]))) i++;
        }
        var key = words.Count >= 2 && Commands.ContainsKey($"{words[0]} {words[1]}") ? $"{words[0]} {words[1]}"
            : words.Count >= 1 && Commands.ContainsKey(words[0]) ? words[0] : null;
        if (key is null)
        {
            if (words.Count >= 1 && V2Commands.Contains(words[0]))
                throw new EtcdctlSyntaxException(
                    $"`{words[0]}` is an etcdctl v2 command, and etcdctl 3.4 speaks v3 unless told otherwise (it answers: Error: unknown command \"{words[0]}\" for \"etcdctl\"): " +
                    $"write `ETCDCTL_API=2 etcdctl {string.Join(" ", argv)}`");
            throw new EtcdctlSyntaxException(
                $"unsupported etcdctl command '{commandLine}'; EtcdLab runs: {string.Join(", ", Commands.Keys)} (v3), and with ETCDCTL_API=2: {string.Join(", ", V2Commands)}");
        }
        var spec = Commands[key];

        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        var args = new List<string>();
        var commandWordsLeft = spec.Words;
        for (var i = 0; i < argv.Count; i++)
        {
            var arg = argv[i];
            if (!arg.StartsWith('-') || arg == "-")
            {
                if (commandWordsLeft > 0) commandWordsLeft--;
                else args.Add(arg);
                continue;
            }

            var (name, value) = SplitFlag(arg);
            if (name == "w") name = "write-out";
            var isBool = spec.BoolFlags.Contains(name) || GlobalBoolFlags.Contains(name);
            var takesValue = GlobalFlags.Contains(name) || spec.Flags.Contains(name);
            if (!isBool && !takesValue)
                throw new EtcdctlSyntaxException(UnknownFlag(arg, key, spec));
            if (value is null)
            {
                if (isBool) value = "true";
                else if (i + 1 < argv.Count) value = argv[++i];
                else throw new EtcdctlSyntaxException($"flag needs an argument: {arg}");
            }
            flags[name] = value;
        }

        if (flags.TryGetValue("write-out", out var w) && w is not ("simple" or "table"))
            throw new EtcdctlSyntaxException($"unsupported output format '{w}'; EtcdLab prints 'simple' (the default) and 'table'");
        return new EtcdctlInvocation(spec.Command, argv, args, flags);
    }

    private static string FlagName(string arg)
    {
        var name = SplitFlag(arg).Name;
        return name == "w" ? "write-out" : name;
    }

    private static string UnknownFlag(string arg, string command, (EtcdctlCommand, int, string[] Flags, string[] BoolFlags) spec)
    {
        var known = GlobalFlags.Concat(GlobalBoolFlags).Concat(spec.Flags).Concat(spec.BoolFlags).Select(f => "--" + f);
        if (IsTlsFlag(arg))
            return $"unknown flag: {arg}: etcdctl 3.4's v3 takes --cacert, --cert, --key and --insecure-skip-tls-verify (--ca-file, --cert-file and --key-file are v2's, with ETCDCTL_API=2)";
        if (V2GlobalValueFlags.Contains(FlagName(arg)) || FlagName(arg) == "C")
            return $"unknown flag: {arg}: it is an etcdctl v2 option (ETCDCTL_API=2); etcdctl 3.4's v3 takes --endpoints";
        return $"unknown flag: {arg} for 'etcdctl {command}'; it takes {string.Join(", ", known)}";
    }

    private static bool IsTlsFlag(string arg) =>
        arg.Contains("cert") || arg.Contains("key") || arg.Contains("cacert") || arg.Contains("ca-file") || arg.Contains("insecure");

    private static (string Name, string? Value) SplitFlag(string arg)
    {
        var body = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..] : arg[1..];
        var eq = body.IndexOf('=');
        return eq < 0 ? (body, null) : (body[..eq], body[(eq + 1)..]);
    }

    /// <summary>Splits a command line like a POSIX shell: whitespace separates, quotes group, a
    /// backslash escapes the next character and a backslash before a line break continues the line
    /// (runbooks break long etcdctl lines so).</summary>
    public static IReadOnlyList<string> Split(string commandLine)
    {
        var result = new List<string>();
        var current = new StringBuilder();
        char? quote = null;
        var inWord = false;
        for (var i = 0; i < commandLine.Length; i++)
        {
            var c = commandLine[i];
            if (c == '\\' && quote != '\'' && i + 1 < commandLine.Length)
            {
                var next = commandLine[++i];
                if (next == '\r' && i + 1 < commandLine.Length && commandLine[i + 1] == '\n') i++;
                else if (next == '\n') { }
                else if (quote == '"' && next is not ('"' or '\\' or '$' or '`')) current.Append(c).Append(next);
                else
                {
                    current.Append(next);
                    inWord = true;
                }
                continue;
            }
            if (quote is { } q)
            {
                if (c == q) quote = null;
                else current.Append(c);
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) result.Add(current.ToString());
                current.Clear();
                inWord = false;
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }
        if (quote is not null) throw new EtcdctlSyntaxException($"unterminated quote in '{commandLine}'");
        if (inWord) result.Add(current.ToString());
        return result;
    }
}
