using System.Text;

namespace EtcdLab.Core.Etcdctl;

/// <summary>
/// Parses etcdctl command lines. Unsupported commands or flags are reported as
/// <see cref="EtcdctlSyntaxException"/> (a scenario mistake); argument mistakes etcdctl itself
/// reports (<c>member name not provided</c>) are left for <see cref="EtcdctlEmulator"/> to print.
/// </summary>
public static class EtcdctlParser
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

    /// <summary>The commands EtcdLab supports, for error messages and docs.</summary>
    public static IEnumerable<string> SupportedCommands => Commands.Keys;

    /// <summary>Parses a command line (the part after <c>etcdctl</c>).</summary>
    /// <exception cref="EtcdctlSyntaxException">The command or a flag is not one EtcdLab supports.</exception>
    public static EtcdctlInvocation Parse(string commandLine)
    {
        var argv = Split(commandLine);
        var words = argv.Where(a => !a.StartsWith('-')).ToList();
        var key = words.Count >= 2 && Commands.ContainsKey($"{words[0]} {words[1]}") ? $"{words[0]} {words[1]}"
            : words.Count >= 1 && Commands.ContainsKey(words[0]) ? words[0] : null;
        if (key is null)
            throw new EtcdctlSyntaxException(
                $"unsupported etcdctl command '{commandLine}'; EtcdLab runs: {string.Join(", ", Commands.Keys)}");
        var spec = Commands[key];

        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        var args = new List<string>();
        var commandWordsLeft = spec.Words;
        for (var i = 0; i < argv.Count; i++)
        {
            var arg = argv[i];
            if (!arg.StartsWith('-'))
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

    private static string UnknownFlag(string arg, string command, (EtcdctlCommand, int, string[] Flags, string[] BoolFlags) spec)
    {
        var known = GlobalFlags.Concat(GlobalBoolFlags).Concat(spec.Flags).Concat(spec.BoolFlags).Select(f => "--" + f);
        return $"unknown flag: {arg} for 'etcdctl {command}'; it takes {string.Join(", ", known)}";
    }

    private static (string Name, string? Value) SplitFlag(string arg)
    {
        var body = arg.TrimStart('-');
        var eq = body.IndexOf('=');
        return eq < 0 ? (body, null) : (body[..eq], body[(eq + 1)..]);
    }

    /// <summary>Splits a command line like a POSIX shell: whitespace separates, quotes group.</summary>
    public static IReadOnlyList<string> Split(string commandLine)
    {
        var result = new List<string>();
        var current = new StringBuilder();
        char? quote = null;
        var inWord = false;
        foreach (var c in commandLine)
        {
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
