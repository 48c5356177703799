namespace EtcdLab.Core.Etcdctl;

/// <summary>The v2 half of the parser: etcdctl 3.4 run with <c>ETCDCTL_API=2</c> (etcdctl/ctlv2, urfave/cli).</summary>
public static partial class EtcdctlParser
{
    /// <summary>The v2 commands EtcdLab runs (etcdctl/ctlv2/command).</summary>
    private static readonly string[] V2Commands = ["cluster-health", "member list", "member add", "member remove", "member update", "backup"];

    /// <summary>Every command of etcdctl 3.4's v2 (ctlv2/ctl.go), to tell a v2 command EtcdLab does not run from a v3 one.</summary>
    private static readonly string[] AllV2Commands =
        ["backup", "cluster-health", "mk", "mkdir", "rm", "rmdir", "get", "ls", "set", "setdir", "update", "updatedir", "watch", "exec-watch", "member", "user", "role", "auth"];

    /// <summary>v2's global options EtcdLab takes (ctlv2/ctl.go), under their long names; <c>-C</c> is <c>--peers</c>.</summary>
    private static readonly string[] V2GlobalValueFlags = ["endpoints", "endpoint", "peers", "timeout", "total-timeout", "ca-file", "cert-file", "key-file"];

    private static readonly string[] V2GlobalBoolFlags = ["no-sync", "debug"];

    /// <summary>Each v2 command's own flags (value flags, boolean flags).</summary>
    private static readonly Dictionary<string, (EtcdctlCommand Command, string[] Flags, string[] BoolFlags)> V2Specs = new()
    {
        ["cluster-health"] = (EtcdctlCommand.ClusterHealth, [], []),
        ["member list"] = (EtcdctlCommand.MemberList, [], []),
        ["member add"] = (EtcdctlCommand.MemberAdd, [], []),
        ["member remove"] = (EtcdctlCommand.MemberRemove, [], []),
        ["member update"] = (EtcdctlCommand.MemberUpdate, [], []),
        ["backup"] = (EtcdctlCommand.Backup, ["data-dir", "backup-dir"], ["with-v3"]),
    };

    /// <summary>The command words and arguments of an argv (v2 or v3): what is neither a flag nor a value
    /// of a flag that takes one (<c>-C URL member remove ID</c> gives <c>member remove ID</c>).</summary>
    public static IReadOnlyList<string> Positionals(IReadOnlyList<string> argv)
    {
        var words = new List<string>();
        for (var i = 0; i < argv.Count; i++)
        {
            if (!argv[i].StartsWith('-') || argv[i] == "-") words.Add(argv[i]);
            else if (!argv[i].Contains('=') && FlagName(argv[i]) is var name
                && (ValueFlags.Contains(name) || name == "C" || V2GlobalValueFlags.Contains(name) || V2Specs.Values.Any(s => s.Flags.Contains(name))))
                i++;
        }
        return words;
    }

    /// <summary>urfave/cli v1 with Go's flag package: global options before the command, then the command
    /// (and subcommand), then its own flags and arguments in any order (urfave/cli moves flags first).</summary>
    private static EtcdctlInvocation ParseV2(IReadOnlyList<string> argv)
    {
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        for (; i < argv.Count && argv[i].StartsWith('-') && argv[i] != "-"; i++)
        {
            if (argv[i] == "--")
            {
                i++;
                break;
            }
            var (name, value) = SplitFlag(argv[i]);
            if (name == "C") name = "peers";
            if (V2GlobalBoolFlags.Contains(name))
            {
                flags[name] = value ?? "true";
                continue;
            }
            if (!V2GlobalValueFlags.Contains(name))
                throw new EtcdctlSyntaxException(IsTlsFlag(argv[i])
                    ? $"unknown flag: {argv[i]}: EtcdLab clusters talk plain http on loopback, drop the TLS flags"
                    : $"etcdctl v2 has no global option {argv[i]} that EtcdLab takes; it takes {string.Join(", ", V2GlobalValueFlags.Select(f => "--" + f))} (-C), --no-sync");
            if (value is null)
            {
                if (i + 1 >= argv.Count) throw new EtcdctlSyntaxException($"flag needs an argument: {argv[i]}");
                value = argv[++i];
            }
            flags[name] = value;
        }

        var command = i < argv.Count ? argv[i++] : "";
        if (command == "member")
        {
            var sub = i < argv.Count ? argv[i++] : "";
            command = $"member {sub}";
        }
        if (!V2Specs.TryGetValue(command, out var spec))
            throw new EtcdctlSyntaxException(!AllV2Commands.Contains(command.Split(' ')[0]) && Commands.Keys.Any(k => k == command || k.StartsWith(command + " ", StringComparison.Ordinal)) && command.Length > 0
                ? $"`{command}` is an etcdctl v3 command and ETCDCTL_API=2 asks for v2: drop ETCDCTL_API=2, or use the v2 commands EtcdLab runs: {string.Join(", ", V2Commands)}"
                : $"unsupported etcdctl v2 command '{command.Trim()}'; with ETCDCTL_API=2 EtcdLab runs: {string.Join(", ", V2Commands)}");

        var args = new List<string>();
        for (; i < argv.Count; i++)
        {
            var arg = argv[i];
            if (!arg.StartsWith('-') || arg == "-")
            {
                args.Add(arg);
                continue;
            }
            var (name, value) = SplitFlag(arg);
            if (spec.BoolFlags.Contains(name))
            {
                flags[name] = value ?? "true";
                continue;
            }
            if (!spec.Flags.Contains(name))
            {
                var global = name == "C" || V2GlobalValueFlags.Contains(name) || V2GlobalBoolFlags.Contains(name);
                throw new EtcdctlSyntaxException(global
                    ? $"{arg} is one of etcdctl v2's global options and goes before the command (`etcdctl {arg} ... {command} ...`); after it etcdctl answers: flag provided but not defined: -{name}"
                    : IsTlsFlag(arg) ? $"unknown flag: {arg}: EtcdLab clusters talk plain http on loopback, drop the TLS flags"
                    : name is "wal-dir" or "backup-wal-dir" ? $"{arg}: EtcdLab keeps the WAL inside the data dir; backup takes --data-dir, --backup-dir and --with-v3"
                    : $"etcdctl v2 {command} has no flag {arg} (it answers: flag provided but not defined: -{name}); it takes {(spec.Flags.Length + spec.BoolFlags.Length == 0 ? "none" : string.Join(", ", spec.Flags.Concat(spec.BoolFlags).Select(f => "--" + f)))}");
            }
            if (value is null)
            {
                if (i + 1 >= argv.Count) throw new EtcdctlSyntaxException($"flag needs an argument: {arg}");
                value = argv[++i];
            }
            flags[name] = value;
        }
        return new EtcdctlInvocation(spec.Command, argv, args, flags);
    }
}
