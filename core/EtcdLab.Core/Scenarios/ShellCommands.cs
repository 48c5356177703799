using EtcdLab.Core.Targets;

namespace EtcdLab.Core.Scenarios;

/// <summary>
/// Maps an operator's command as typed (<c>shell:</c> steps, incident timelines) onto the host
/// actions it amounts to, per the table in docs/incident-format.md: systemd, <c>service</c>,
/// docker and kubectl commands on etcd, <c>kill</c>/<c>pkill</c> of etcd, and <c>mv</c>,
/// <c>rm</c> and <c>cp</c> of a static-pod manifest or of the host's data dir.
/// </summary>
/// <remarks>The command is split into words as a shell would (quotes, backslashes, <c>$(...)</c>
/// and back-quoted substitutions as one word) and read word by word; a pipe, a list (<c>;</c>,
/// <c>&amp;&amp;</c>) or a redirection is refused, since one step is one command.</remarks>
public static class ShellCommands
{
    /// <summary>The commands the mapper knows, for messages.</summary>
    private const string Known = "`etcdlab` maps systemd, docker, kubectl and file commands onto host actions (systemctl/service/docker stop|start|restart etcd, "
        + "kubectl delete pod <etcd pod>, kill -9 / pkill -9 etcd, mv of an etcd static-pod manifest, rm -rf <data dir>, cp -r to or from the data dir)";

    /// <summary>Maps <paramref name="commandLine"/>, typed on <paramref name="host"/> whose etcd keeps
    /// its data in <paramref name="dataDir"/>, onto host actions.</summary>
    /// <returns>The steps in order, or the problem and its offset in the command line.</returns>
    public static ShellMapping Map(string commandLine, string host, string dataDir)
    {
        var (words, problem) = Split(commandLine);
        if (problem is not null) return problem;
        if (words.Count > 0 && words[0].Text == "sudo") words.RemoveAt(0);
        if (words.Count == 0) return ShellMapping.Refused(0, "the command is empty; type the command the operator ran, such as `systemctl restart etcd`");
        var command = words[0];
        var args = words.Skip(1).ToList();
        return command.Text switch
        {
            "systemctl" => Systemctl(command, args, host),
            "service" => Service(command, args, host),
            "docker" => Docker(command, args, host),
            "kubectl" => Kubectl(command, args, host),
            "kill" => Kill(command, args, host),
            "pkill" or "killall" => Pkill(command, args, host),
            "mv" => Mv(command, args, host),
            "rm" => Rm(command, args, host, dataDir),
            "cp" => Cp(command, args, host, dataDir),
            "etcdctl" => ShellMapping.Refused(command.Offset, "etcdctl commands have their own step: `- etcdctl: <command>` with `on: <host>`"),
            _ => ShellMapping.Refused(command.Offset, $"{Known}; `{command.Text}` is none of them"),
        };
    }

    private static ShellMapping Systemctl(Word command, List<Word> args, string host)
    {
        string? signal = null;
        var operands = new List<Word>();
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i].Text;
            if (a is "-s" or "--signal" && i + 1 < args.Count) signal = args[++i].Text;
            else if (a.StartsWith("--signal=", StringComparison.Ordinal)) signal = a["--signal=".Length..];
            else if (a.StartsWith('-')) continue; // --no-block, -q and the like change nothing EtcdLab models
            else operands.Add(args[i]);
        }
        if (operands.Count != 2)
            return ShellMapping.Refused(command.Offset, "systemctl needs a verb and the etcd unit, such as `systemctl restart etcd`");
        if (!IsEtcdUnit(operands[1].Text))
            return ShellMapping.Refused(operands[1].Offset, $"`{operands[1].Text}` is not the etcd unit; EtcdLab maps systemctl of etcd (etcd or etcd.service)");
        var verb = operands[0];
        if (verb.Text == "kill")
        {
            // systemctl kill sends SIGTERM unless told otherwise; the table maps the bare command onto kill.
            return signal is null || IsKillSignal(signal) ? Steps(new StopStep(host, Kill: true))
                : IsTermSignal(signal) ? Steps(new StopStep(host, Kill: false))
                : ShellMapping.Refused(verb.Offset, $"systemctl kill with signal {signal}: EtcdLab maps SIGKILL (kill) and SIGTERM (stop)");
        }
        return ServiceVerb(verb, host, "systemctl");
    }

    private static ShellMapping Service(Word command, List<Word> args, string host)
    {
        if (args.Count != 2 || args[0].Text.StartsWith('-'))
            return ShellMapping.Refused(command.Offset, "service needs the etcd service and a verb, such as `service etcd restart`");
        if (!IsEtcdUnit(args[0].Text))
            return ShellMapping.Refused(args[0].Offset, $"`{args[0].Text}` is not the etcd service; EtcdLab maps `service etcd stop|start|restart`");
        return ServiceVerb(args[1], host, "service");
    }

    private static ShellMapping Docker(Word command, List<Word> args, string host)
    {
        var operands = args.Where(a => !a.Text.StartsWith('-')).ToList();
        if (operands.Count > 0 && operands[0].Text == "container") operands.RemoveAt(0);
        if (operands.Count != 2)
            return ShellMapping.Refused(command.Offset, "docker needs a verb and the etcd container, such as `docker restart etcd`");
        if (!operands[1].Text.Contains("etcd", StringComparison.Ordinal))
            return ShellMapping.Refused(operands[1].Offset, $"`{operands[1].Text}` is not an etcd container; EtcdLab maps docker commands on a container whose name holds 'etcd'");
        return operands[0].Text == "kill" ? Steps(new StopStep(host, Kill: true)) : ServiceVerb(operands[0], host, "docker");
    }

    private static ShellMapping Kubectl(Word command, List<Word> args, string host)
    {
        var operands = new List<Word>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i].Text is "-n" or "--namespace") i++; // the namespace's value
            else if (!args[i].Text.StartsWith('-')) operands.Add(args[i]);
        }
        if (operands.Count == 2 && operands[0].Text == "delete" && operands[1].Text.StartsWith("pod/", StringComparison.Ordinal))
            operands = [operands[0], new Word("pod", operands[1].Offset), new Word(operands[1].Text["pod/".Length..], operands[1].Offset + 4)];
        if (operands.Count != 3 || operands[0].Text != "delete" || operands[1].Text is not ("pod" or "pods" or "po"))
            return ShellMapping.Refused(command.Offset, "kubectl: EtcdLab maps `kubectl delete pod <etcd pod>` (the kubelet starts the static pod again: stop, then start)");
        if (!operands[2].Text.Contains("etcd", StringComparison.Ordinal))
            return ShellMapping.Refused(operands[2].Offset, $"`{operands[2].Text}` is not an etcd pod; EtcdLab maps the deletion of a pod whose name holds 'etcd'");
        return Steps(new StopStep(host, Kill: false), new StartStep(host, []));
    }

    private static ShellMapping Kill(Word command, List<Word> args, string host)
    {
        string? signal = null;
        var pids = new List<Word>();
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i].Text;
            if (a == "-s" && i + 1 < args.Count) signal = args[++i].Text;
            else if (a.StartsWith('-') && a.Length > 1) signal = a[1..];
            else pids.Add(args[i]);
        }
        if (pids.Count != 1)
            return ShellMapping.Refused(command.Offset, "kill needs etcd's process id, such as `kill -9 $(pidof etcd)`");
        if (!IsEtcdPid(pids[0].Text))
            return ShellMapping.Refused(pids[0].Offset, $"`{pids[0].Text}` is not etcd's process id; write a number, $(pidof etcd) or $(pgrep etcd)");
        return Signal(command, signal, host);
    }

    private static ShellMapping Pkill(Word command, List<Word> args, string host)
    {
        string? signal = null;
        var names = new List<Word>();
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i].Text;
            if (a is "-s" or "--signal" && i + 1 < args.Count) signal = args[++i].Text;
            else if (a is "-x" or "--exact" or "-e") continue;
            else if (a.StartsWith('-') && a.Length > 1) signal = a[1..];
            else names.Add(args[i]);
        }
        if (names.Count != 1 || names[0].Text != "etcd")
            return ShellMapping.Refused(names.Count > 0 ? names[0].Offset : command.Offset, $"{command.Text}: EtcdLab maps `{command.Text} -9 etcd` (kill) and `{command.Text} etcd` (stop)");
        return Signal(command, signal, host);
    }

    private static ShellMapping Signal(Word command, string? signal, string host) =>
        signal is null || IsTermSignal(signal) ? Steps(new StopStep(host, Kill: false))
        : IsKillSignal(signal) ? Steps(new StopStep(host, Kill: true))
        : ShellMapping.Refused(command.Offset, $"{command.Text} with signal {signal}: EtcdLab maps SIGKILL (-9: kill) and SIGTERM (the default: stop); pause and resume are their own steps");

    private static ShellMapping Mv(Word command, List<Word> args, string host)
    {
        var operands = args.Where(a => !a.Text.StartsWith('-')).ToList();
        if (operands.Count != 2)
            return ShellMapping.Refused(command.Offset, "mv needs a source and a destination, such as `mv /etc/kubernetes/manifests/etcd.yaml /root/`");
        var (from, to) = (operands[0], operands[1]);
        var name = Path.GetFileName(from.Text);
        if (!IsEtcdManifest(name))
            return ShellMapping.Refused(from.Offset, $"`{from.Text}` is not an etcd static-pod manifest; EtcdLab maps mv of etcd.yaml out of or into a manifests dir (stop, start)");
        var fromManifests = IsManifestsDir(Path.GetDirectoryName(from.Text) ?? "");
        var toManifests = IsManifestsDir(to.Text) || (IsEtcdManifest(Path.GetFileName(to.Text)) && IsManifestsDir(Path.GetDirectoryName(to.Text) ?? ""));
        if (fromManifests && !toManifests) return Steps(new StopStep(host, Kill: false));
        if (toManifests && !fromManifests) return Steps(new StartStep(host, []));
        return ShellMapping.Refused(to.Offset, "mv of the etcd manifest maps onto stop when it leaves a manifests dir and onto start when it enters one; this one does neither");
    }

    private static ShellMapping Rm(Word command, List<Word> args, string host, string dataDir)
    {
        var (options, operands) = Options(args);
        if (!options.Contains('r') && !options.Contains('R'))
            return ShellMapping.Refused(command.Offset, $"rm without -r removes no directory; EtcdLab maps `rm -rf {dataDir}` onto wipe-data");
        if (operands.Count != 1)
            return ShellMapping.Refused(command.Offset, $"rm: EtcdLab maps the removal of one directory, the data dir (`rm -rf {dataDir}`)");
        var path = operands[0];
        if (!IsDataDir(path.Text, dataDir) && HostPaths.Normalize(path.Text) != HostPaths.Normalize(dataDir + "/member"))
            return ShellMapping.Refused(path.Offset, $"rm of `{path.Text}`: EtcdLab maps `rm -rf` of {host}'s data dir ({dataDir}, its member dir or its contents) onto wipe-data");
        return Steps(new WipeDataStep(host));
    }

    private static ShellMapping Cp(Word command, List<Word> args, string host, string dataDir)
    {
        var (options, operands) = Options(args);
        if (!options.Contains('r') && !options.Contains('R') && !options.Contains('a'))
            return ShellMapping.Refused(command.Offset, "cp without -r (or -a) copies no directory; EtcdLab maps `cp -r` of the data dir (backup-data) and into it (restore-data)");
        if (operands.Count != 2)
            return ShellMapping.Refused(command.Offset, "cp needs a source and a destination directory");
        var (from, to) = (operands[0], operands[1]);
        if (IsDataDir(from.Text, dataDir) && !from.Text.EndsWith("/*", StringComparison.Ordinal))
            return UnderVarLib(to) ?? Steps(new BackupDataStep(host, HostPaths.Normalize(to.Text), Live: true));
        if (IsDataDir(to.Text, dataDir))
            return UnderVarLib(from) ?? Steps(new RestoreDataStep(host, HostPaths.Normalize(from.Text)));
        return ShellMapping.Refused(from.Offset, $"cp of `{from.Text}` to `{to.Text}`: EtcdLab maps copies of {host}'s data dir ({dataDir}) to a backup (backup-data) and from one into it (restore-data)");
    }

    private static ShellMapping ServiceVerb(Word verb, string host, string tool) => verb.Text switch
    {
        "stop" => Steps(new StopStep(host, Kill: false)),
        "start" => Steps(new StartStep(host, [])),
        "restart" => Steps(new StopStep(host, Kill: false), new StartStep(host, [])),
        _ => ShellMapping.Refused(verb.Offset, $"{tool} {verb.Text}: EtcdLab maps stop, start and restart{(tool == "service" ? "" : " and kill")}"),
    };

    private static ShellMapping? UnderVarLib(Word path) =>
        path.Text.StartsWith("/var/lib/", StringComparison.Ordinal) && !path.Text.Contains("..") && HostPaths.Normalize(path.Text) != HostPaths.Home
            ? null
            : ShellMapping.Refused(path.Offset, $"`{path.Text}` must be a path under /var/lib/ (where each host keeps etcd's data, on both targets)");

    private static (string Letters, List<Word> Operands) Options(List<Word> args)
    {
        var letters = "";
        var operands = new List<Word>();
        foreach (var a in args)
        {
            if (a.Text is "--recursive") letters += "r";
            else if (a.Text is "--archive") letters += "a";
            else if (a.Text.StartsWith("--", StringComparison.Ordinal)) continue;
            else if (a.Text.StartsWith('-') && a.Text.Length > 1) letters += a.Text[1..];
            else operands.Add(a);
        }
        return (letters, operands);
    }

    private static bool IsDataDir(string path, string dataDir) =>
        path.StartsWith('/') && HostPaths.Normalize(path) == HostPaths.Normalize(dataDir);

    private static bool IsEtcdUnit(string unit) => unit is "etcd" or "etcd.service";

    private static bool IsEtcdManifest(string name) =>
        name.StartsWith("etcd", StringComparison.Ordinal) && (name.EndsWith(".yaml", StringComparison.Ordinal) || name.EndsWith(".yml", StringComparison.Ordinal) || name.EndsWith(".json", StringComparison.Ordinal));

    private static bool IsManifestsDir(string dir) => Path.GetFileName(dir.TrimEnd('/')) == "manifests";

    private static bool IsEtcdPid(string pid) =>
        pid.All(char.IsAsciiDigit) || pid is "$(pidof etcd)" or "$(pgrep etcd)" or "$(pgrep -x etcd)" or "`pidof etcd`" or "`pgrep etcd`";

    private static bool IsKillSignal(string signal) => signal is "9" or "KILL" or "SIGKILL";

    private static bool IsTermSignal(string signal) => signal is "15" or "TERM" or "SIGTERM";

    private static ShellMapping Steps(params Step[] steps) => new(steps, null, 0);

    /// <summary>Splits a command line into words as a POSIX shell would, without expanding anything.</summary>
    private static (List<Word> Words, ShellMapping? Problem) Split(string line)
    {
        var words = new List<Word>();
        var i = 0;
        while (i < line.Length)
        {
            if (char.IsWhiteSpace(line[i]))
            {
                i++;
                continue;
            }
            var start = i;
            var text = new System.Text.StringBuilder();
            while (i < line.Length && !char.IsWhiteSpace(line[i]))
            {
                var c = line[i];
                if (c is '|' or ';' or '&' or '<' or '>')
                    return ([], ShellMapping.Refused(i, $"`{c}`: a shell step is one command; write a pipe, a list (;, &&) or a redirection as separate steps, or leave it out"));
                if (c is '\'' or '"')
                {
                    var close = line.IndexOf(c, i + 1);
                    if (close < 0) return ([], ShellMapping.Refused(i, $"the quote {c} is not closed"));
                    text.Append(line, i + 1, close - i - 1);
                    i = close + 1;
                }
                else if (c == '\\' && i + 1 < line.Length)
                {
                    text.Append(line[i + 1]);
                    i += 2;
                }
                else if (c == '`' || (c == '$' && i + 1 < line.Length && line[i + 1] == '('))
                {
                    // A command substitution stays one word, as typed: `kill -9 $(pidof etcd)`.
                    var close = line.IndexOf(c == '`' ? '`' : ')', i + 1);
                    if (close < 0) return ([], ShellMapping.Refused(i, "the command substitution is not closed"));
                    text.Append(line, i, close - i + 1);
                    i = close + 1;
                }
                else
                {
                    text.Append(c);
                    i++;
                }
            }
            words.Add(new Word(text.ToString(), start));
        }
        return (words, null);
    }

    /// <summary>One word of the command and where it starts in the line.</summary>
    private sealed record Word(string Text, int Offset);
}
