using System.Text.RegularExpressions;
using EtcdLab.Core.Addresses;
using EtcdLab.Core.Checkers;
using EtcdLab.Core.Etcdctl;
using EtcdLab.Core.Events;
using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Running;
using EtcdLab.Core.Targets;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EtcdLab.Core.Scenarios;

/// <summary>
/// Reads scenario files (the language is documented in docs/scenario-language.md). Every mistake
/// is a <see cref="ScenarioException"/> naming file, line and column and what was expected;
/// variables, hosts, etcdctl commands, flags and paths are all checked before anything runs.
/// </summary>
public static partial class ScenarioLoader
{
    /// <summary>The etcd flags a scenario may set (those runbooks use).</summary>
    public static IReadOnlyList<string> KnownEtcdFlags { get; } =
    [
        "name", "data-dir", "listen-peer-urls", "listen-client-urls", "initial-advertise-peer-urls", "advertise-client-urls",
        "initial-cluster", "initial-cluster-state", "initial-cluster-token", "force-new-cluster", "heartbeat-interval",
        "election-timeout", "strict-reconfig-check", "snapshot-count", "enable-v2",
        // TLS, as etcd 3.4 names it: client side, then peer side.
        "cert-file", "key-file", "trusted-ca-file", "client-cert-auth",
        "peer-cert-file", "peer-key-file", "peer-trusted-ca-file", "peer-client-cert-auth",
    ];

    private static readonly string[] StepKinds =
    [
        "etcdctl", "start", "stop", "kill", "pause", "resume", "wipe-data", "backup-data", "copy-file", "change-ip",
        "configure", "partition", "heal", "writer", "writes", "wait", "expect-cluster", "rest", "expect-log", "expect-exit",
        "restore-data", "shell", "certificate-authority", "certificate",
    ];

    /// <summary>The steps a cluster's <c>setup:</c> may hold: what an installer did on the hosts before
    /// the cluster first started (its certificates), nothing that needs etcd.</summary>
    private static readonly string[] SetupStepKinds = ["certificate-authority", "certificate", "copy-file"];

    // No '$' inside a name: then a text full of unclosed "${" is scanned in linear time, not quadratic.
    [GeneratedRegex(@"\$\{([^}$]*)\}")]
    private static partial Regex VariablePattern();

    [GeneratedRegex(@"^[a-z][a-z0-9-]*$")]
    private static partial Regex NamePattern();

    /// <summary>Largest scenario file EtcdLab reads (the shipped ones are 2-5 KB).</summary>
    public const int MaxFileBytes = 1 << 20;

    /// <summary>Longest duration a scenario may write (wait:, within:, retry:, a writer's every: and timeout:).</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(24);

    /// <summary>Reads scenario text; <paramref name="file"/> names it in errors.</summary>
    public static Scenario Parse(string yaml, string file) => Parse(yaml, file, expectedName: null);

    private static Scenario Parse(string yaml, string file, string? expectedName)
    {
        var root = YamlPreScan.Load(yaml, file)
            ?? throw new ScenarioException(file, 1, 1, "the file holds no scenario, only blank lines or comments; a scenario has scenario:, procedure:, cluster: and steps: (docs/scenario-language.md)");
        return new Reader(new YamlNodes(file), file, expectedName).Read(root);
    }

    /// <summary>Most writes one <c>writes:</c> step makes, one after another.</summary>
    private const int MaxWrites = 100_000;

    /// <summary>Most writes a background writer makes (<c>max:</c>).</summary>
    private const int MaxWriterWrites = 10_000_000;

    /// <summary>Where <c>backup-data</c> copies to and <c>restore-data</c> copies from unless told.</summary>
    private const string DefaultBackupDir = "/var/lib/etcd-backup";

    /// <summary>Most members an expectation may count (etcd clusters have a handful).</summary>
    private const int MaxMembers = 999;

    private sealed partial class Reader(YamlNodes y, string file, string? expectedName)
    {
        private readonly HashSet<string> _variables = new(StringComparer.Ordinal) { "token" };
        private readonly Dictionary<string, int> _stepIds = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _runningWriters = new(StringComparer.Ordinal);

        /// <summary>Each host's own data-dir flag as the steps read so far leave its configuration
        /// (host flags, start flags, configure), for mapping shell commands onto the data dir.</summary>
        private readonly Dictionary<string, string> _hostDataDirs = new(StringComparer.Ordinal);
        private string _clusterDataDir = EtcdDefaults.DataDir;
        private List<HostDefinition> _hosts = [];
        private int _stepIndex;

        public Scenario Read(YamlNode root)
        {
            var top = y.Entries(y.Mapping(root, "a scenario file"), "a scenario file",
                "scenario", "procedure", "runbook", "description", "cluster", "promises", "steps", "breaks");
            var name = Require(top, "scenario", root, "the scenario's name");
            if (expectedName is not null && name != expectedName)
                throw y.Error(top["scenario"].Value,
                    $"the scenario is named '{name}' but its file is '{expectedName}': name it '{expectedName}' or rename the file to {name}.yaml (runs and `etcdlab list` go by the file)");
            var procedure = Require(top, "procedure", root, "the runbook procedure it follows, such as P1; see shared/runbooks/README.md");
            var cluster = ReadCluster(Node(top, "cluster", root));
            var steps = ReadSteps(Node(top, "steps", root));
            var promises = top.TryGetValue("promises", out var p) ? ReadPromises(p.Value, steps.Count) : new Promises(InvariantIds.All, [], [], []);
            return new Scenario(
                name,
                file,
                procedure,
                Optional(top, "runbook") ?? "",
                Optional(top, "description") ?? "",
                cluster,
                promises,
                steps,
                top.TryGetValue("breaks", out var b) ? InvariantList(b.Value, "breaks") : []);
        }

        private YamlNode Node(Dictionary<string, (YamlNode Key, YamlNode Value)> map, string key, YamlNode parent) =>
            map.TryGetValue(key, out var v) ? v.Value : throw y.Error(parent, $"missing '{key}:'; a scenario has scenario:, cluster:, steps: and usually promises:");

        private string Require(Dictionary<string, (YamlNode Key, YamlNode Value)> map, string key, YamlNode parent, string what) =>
            map.TryGetValue(key, out var v) ? y.NonEmpty(v.Value, key) : throw y.Error(parent, $"missing '{key}:' ({what})");

        private string? Optional(Dictionary<string, (YamlNode Key, YamlNode Value)> map, string key) =>
            map.TryGetValue(key, out var v) ? y.Scalar(v.Value, key) : null;

        private ClusterDefinition ReadCluster(YamlNode node)
        {
            var map = y.Entries(y.Mapping(node, "cluster"), "cluster", "token", "flags", "hosts", "spare-hosts", "setup", "client-tls");
            if (!map.ContainsKey("hosts")) throw y.Error(node, "missing 'hosts:' under cluster (name: 127.0.x.y for each initial member)");
            var token = map.TryGetValue("token", out var t) ? y.NonEmpty(t.Value, "token") : "etcd-cluster";
            var flags = map.TryGetValue("flags", out var f) ? ReadFlags(f.Value, "cluster flags") : [];
            if (EtcdFlags.From(flags).Get("data-dir") is { } clusterDataDir) _clusterDataDir = clusterDataDir;
            _hosts = [];
            ReadHosts(map["hosts"].Value, initial: true);
            if (map.TryGetValue("spare-hosts", out var spare)) ReadHosts(spare.Value, initial: false);
            if (!_hosts.Any(h => h.InitialMember)) throw y.Error(map["hosts"].Value, "the cluster needs at least one initial member");
            foreach (var h in _hosts)
                foreach (var v in new[] { "ip", "peer-url", "client-url", "name" })
                    _variables.Add($"{h.Name}.{v}");
            var setup = map.TryGetValue("setup", out var su) ? ReadSetup(su.Value) : [];
            var clientTls = map.TryGetValue("client-tls", out var ctls) ? ReadClientTls(ctls.Value) : null;
            return new ClusterDefinition(token, EtcdFlags.From(flags), _hosts) { Setup = setup, ClientTls = clientTls };
        }

        /// <summary>The installer's steps, run in step 0 before the bootstrap (numbered 0 too).</summary>
        private IReadOnlyList<Step> ReadSetup(YamlNode node)
        {
            var steps = new List<Step>();
            foreach (var item in y.Sequence(node, "setup").Children)
            {
                var kind = item is YamlMappingNode m ? m.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value).FirstOrDefault(k => StepKinds.Contains(k)) : null;
                if (kind is not null && !SetupStepKinds.Contains(kind))
                    throw y.Error(item, $"setup: runs before etcd first starts, so it holds {string.Join(", ", SetupStepKinds)} steps, not {kind}; put it under steps:");
                steps.Add(ReadStep(item, 0));
            }
            return steps;
        }

        /// <summary>The credentials the harness (observations, writers, etcdctl's calls) uses on a
        /// member's https client port, read from a host's files after setup, as an operator's etcdctl
        /// reads its --cacert, --cert and --key.</summary>
        private ClientTls ReadClientTls(YamlNode node)
        {
            var map = y.Entries(y.Mapping(node, "client-tls"), "client-tls", "on", "cacert", "cert", "key");
            foreach (var key in new[] { "on", "cacert", "cert", "key" })
                if (!map.ContainsKey(key))
                    throw y.Error(node, "client-tls needs on: <host>, cacert: <CA file>, cert: <client certificate> and key: <its key>, files on that host (the operator's etcdctl credentials)");
            return new ClientTls(Host(map["on"].Value), FilePath(map["cacert"].Value, "client-tls cacert"),
                FilePath(map["cert"].Value, "client-tls cert"), FilePath(map["key"].Value, "client-tls key"));
        }

        private void ReadHosts(YamlNode node, bool initial)
        {
            var what = initial ? "hosts" : "spare-hosts";
            foreach (var (key, (keyNode, valueNode)) in y.Entries(y.Mapping(node, what), what))
            {
                if (!NamePattern().IsMatch(key)) throw y.Error(keyNode, $"host name '{key}' must be lower-case letters, digits and dashes, starting with a letter");
                if (_hosts.Any(h => h.Name == key)) throw y.Error(keyNode, $"host '{key}' is declared twice");
                var ipNode = valueNode;
                var flags = EtcdFlags.Empty;
                if (valueNode is YamlMappingNode hostMap)
                {
                    var entries = _was is null ? y.Entries(hostMap, $"host {key}", "ip", "flags") : y.Entries(hostMap, $"host {key}", "ip", "flags", "was");
                    if (_was is not null && entries.TryGetValue("was", out var was)) _was[key] = ReadWas(was.Value, key);
                    if (!entries.TryGetValue("ip", out var ipEntry)) throw y.Error(valueNode, $"host {key} needs ip: <127.x.y.z>");
                    ipNode = ipEntry.Value;
                    if (entries.TryGetValue("flags", out var f)) flags = EtcdFlags.From(ReadFlags(f.Value, $"flags of {key}"));
                    if (flags.Get("data-dir") is { } dataDir) _hostDataDirs[key] = dataDir;
                }
                var ip = Ip(ipNode, $"the address of {key}");
                if (_hosts.FirstOrDefault(h => h.Ip == ip) is { } other) throw y.Error(ipNode, $"{key} and {other.Name} both have address {ip}; every host needs its own");
                _hosts.Add(new HostDefinition(key, ip, initial, (int)keyNode.Start.Line, flags));
            }
        }

        private string Ip(YamlNode node, string what)
        {
            if (AddressRules.CheckHostAddress(y.Raw(node, what)) is { } problem) throw y.Error(node, $"{what}: {problem}");
            return y.Scalar(node, what);
        }

        /// <summary>Refuses the first address in the value that <see cref="AddressRules"/> refuses, at its column.</summary>
        private void CheckAddresses(YamlNode node, string what)
        {
            if (AddressRules.CheckScenarioText(y.Raw(node, what)) is [var first, ..])
                throw y.ErrorAt(node, first.Offset, $"{what}: {first.Problem}");
        }

        private List<KeyValuePair<string, string>> ReadFlags(YamlNode node, string what)
        {
            var flags = new List<KeyValuePair<string, string>>();
            foreach (var (key, (keyNode, valueNode)) in y.Entries(y.Mapping(node, what), what))
            {
                var name = key.TrimStart('-');
                if (!KnownEtcdFlags.Contains(name))
                    throw y.Error(keyNode, $"unknown etcd flag '{key}'; EtcdLab passes: {string.Join(", ", KnownEtcdFlags)}");
                var value = y.Scalar(valueNode, $"flag {name}");
                CheckVariables(valueNode);
                CheckAddresses(valueNode, $"flag {name}");
                if (name == "data-dir") CheckPath(valueNode, value, "data-dir");
                if (name == "initial-cluster-state" && value is not ("new" or "existing"))
                    throw y.Error(valueNode, $"initial-cluster-state is 'new' or 'existing', found {YamlNodes.Quote(value)}");
                flags.Add(new(name, value));
            }
            return flags;
        }

        private Promises ReadPromises(YamlNode node, int stepCount)
        {
            var map = y.Entries(y.Mapping(node, "promises"), "promises", "invariants", "final-members", "online", "loss-window");
            IReadOnlyList<string> invariants = InvariantIds.All;
            if (map.TryGetValue("invariants", out var inv) && !(inv.Value is YamlScalarNode { Value: "all" }))
                invariants = InvariantList(inv.Value, "invariants");
            var final = map.TryGetValue("final-members", out var fm) ? HostList(fm.Value, "final-members") : [];
            var online = map.TryGetValue("online", out var on) ? Windows(on.Value, "online", stepCount) : [];
            var loss = map.TryGetValue("loss-window", out var lw) ? Windows(lw.Value, "loss-window", stepCount) : [];
            return new Promises(invariants, final, online, loss);
        }

        private IReadOnlyList<string> InvariantList(YamlNode node, string what)
        {
            var items = node is YamlSequenceNode seq ? seq.Children.ToList() : [node];
            return items.Select(item =>
            {
                var id = y.Scalar(item, what);
                return InvariantIds.All.Contains(id) ? id : throw y.Error(item, $"unknown invariant '{id}'; known: {string.Join(", ", InvariantIds.All)}");
            }).ToArray();
        }

        private IReadOnlyList<StepWindow> Windows(YamlNode node, string what, int stepCount)
        {
            if (node is YamlScalarNode { Value: "true" or "all-steps" }) return [new StepWindow(1, stepCount)];
            if (node is YamlScalarNode { Value: "false" }) return [];
            var items = node is YamlSequenceNode seq ? seq.Children.ToList() : [node];
            return items.Select(item =>
            {
                var map = y.Entries(y.Mapping(item, what + " (from: <step id>, to: <step id>, or true for every step)"), what, "from", "to");
                var from = map.TryGetValue("from", out var f) ? StepRef(f.Value, stepCount) : 1;
                var to = map.TryGetValue("to", out var t) ? StepRef(t.Value, stepCount) : stepCount;
                return from <= to ? new StepWindow(from, to) : throw y.Error(item, $"{what} starts at step {from} after it ends at step {to}");
            }).ToArray();
        }

        private int StepRef(YamlNode node, int stepCount)
        {
            var text = y.Scalar(node, "step reference");
            if (_stepIds.TryGetValue(text, out var index)) return index;
            if (int.TryParse(text, out var n) && n >= 1 && n <= stepCount) return n;
            throw y.Error(node, $"no step has id '{text}'; ids: {string.Join(", ", _stepIds.Keys)}");
        }

        private List<Step> ReadSteps(YamlNode node)
        {
            var steps = new List<Step>();
            foreach (var item in y.Sequence(node, "steps").Children)
            {
                var step = ReadStep(item, steps.Count + 1);
                if (step.Id is { } id && !_stepIds.TryAdd(id, step.Index)) throw y.Error(item, $"two steps have id '{id}'");
                steps.Add(step);
            }
            if (steps.Count == 0) throw y.Error(node, "a scenario needs at least one step");
            return steps;
        }

        private Step ReadStep(YamlNode node, int index, params string[] besides)
        {
            var map = y.Mapping(node, "a step");
            var keys = y.Entries(map, "a step");
            foreach (var key in besides) keys.Remove(key);
            var kinds = keys.Keys.Where(StepKinds.Contains).ToList();
            if (kinds.Count != 1)
                throw y.Error(node, kinds.Count == 0
                    ? $"a step starts with what it does; expected one of: {string.Join(", ", StepKinds)}"
                    : $"one step does one thing, found {string.Join(" and ", kinds)}");
            var kind = kinds[0];
            var value = keys[kind].Value;
            var options = keys.Where(k => k.Key != kind).ToDictionary(k => k.Key, k => k.Value);
            _stepIndex = index;
            var step = ReadKind(kind, value, options, node);
            var id = options.TryGetValue("id", out var idNode) ? y.NonEmpty(idNode.Value, "id") : null;
            var note = options.TryGetValue("note", out var noteNode) ? y.Scalar(noteNode.Value, "note") : null;
            return step with { Index = index, Line = (int)node.Start.Line, Column = (int)node.Start.Column, Id = id, Note = note };
        }

        private void Allow(Dictionary<string, (YamlNode Key, YamlNode Value)> options, string kind, params string[] allowed)
        {
            foreach (var (key, (keyNode, _)) in options)
                if (key is not ("id" or "note") && !allowed.Contains(key))
                    throw y.Error(keyNode, $"'{kind}' steps take {(allowed.Length == 0 ? "no options" : string.Join(", ", allowed.Select(a => a + ":")))} (and id:, note:), not '{key}:'");
        }

        private Step ReadKind(string kind, YamlNode value, Dictionary<string, (YamlNode Key, YamlNode Value)> o, YamlNode stepNode)
        {
            switch (kind)
            {
                case "etcdctl":
                    Allow(o, kind, "on", "expect", "capture", "retry");
                    return ReadEtcdctl(value, o, stepNode);
                case "start":
                {
                    Allow(o, kind, "flags");
                    var host = Host(value);
                    var flags = o.TryGetValue("flags", out var fl) ? ReadFlags(fl.Value, "start flags") : [];
                    NoteDataDir(host, flags, []);
                    return new StartStep(host, flags);
                }
                case "stop" or "kill":
                    Allow(o, kind);
                    return new StopStep(Host(value), kind == "kill");
                case "pause":
                    Allow(o, kind);
                    return new PauseStep(Host(value));
                case "resume":
                    Allow(o, kind);
                    return new ResumeStep(Host(value));
                case "wipe-data":
                    Allow(o, kind);
                    return new WipeDataStep(Host(value));
                case "backup-data":
                    Allow(o, kind, "to", "live");
                    return new BackupDataStep(Host(value), o.TryGetValue("to", out var to) ? Path(to.Value, "backup-data to") : DefaultBackupDir,
                        o.TryGetValue("live", out var live) && Bool(live.Value, "live"));
                case "restore-data":
                    Allow(o, kind, "from");
                    if (value is YamlScalarNode { Value: "" or null })
                        throw y.Error(value, "restore-data needs the host whose data dir it replaces, such as `restore-data: m3` with `from: /var/lib/etcd-backup`");
                    return new RestoreDataStep(Host(value), o.TryGetValue("from", out var rf) ? Path(rf.Value, "restore-data from") : DefaultBackupDir);
                case "shell":
                    Allow(o, kind, "on");
                    return ReadShell(value, o, stepNode);
                case "expect-log" or "expect-exit":
                    Allow(o, kind, "on", "within", "since");
                    return ReadExpectLog(kind, value, o);
                case "copy-file":
                    Allow(o, kind, "from", "to", "as");
                    if (!o.TryGetValue("from", out var from) || !o.TryGetValue("to", out var dest))
                        throw y.Error(stepNode, "copy-file needs from: <host> and to: <host or list of hosts>");
                    return new CopyFileStep(Host(from.Value), HostList(dest.Value, "copy-file to"), FilePath(value, "copy-file"),
                        o.TryGetValue("as", out var asPath) ? FilePath(asPath.Value, "copy-file as") : null);
                case "certificate-authority":
                {
                    Allow(o, kind, "on", "cert", "key", "valid", "from");
                    if (!o.TryGetValue("on", out var caOn) || !o.TryGetValue("cert", out var caCert) || !o.TryGetValue("key", out var caKey))
                        throw y.Error(stepNode, "certificate-authority needs on: <host>, cert: <file> and key: <file>, e.g. cert: /etc/etcd/ca.crt, key: /etc/etcd/ca/ca.key");
                    return new CertificateAuthorityStep(Host(caOn.Value), y.NonEmpty(value, "certificate-authority (the CA's common name)"),
                        FilePath(caCert.Value, "certificate-authority cert"), FilePath(caKey.Value, "certificate-authority key"),
                        o.TryGetValue("valid", out var caValid) ? Validity(caValid.Value, "valid", positive: true) : TimeSpan.FromDays(1825),
                        o.TryGetValue("from", out var caFrom) ? Validity(caFrom.Value, "from", positive: false) : TimeSpan.Zero);
                }
                case "certificate":
                    return ReadCertificate(value, o, stepNode);
                case "change-ip":
                    Allow(o, kind, "to");
                    if (!o.TryGetValue("to", out var newIp)) throw y.Error(stepNode, "change-ip needs to: <new 127.x.y.z address>");
                    return new ChangeIpStep(Host(value), Ip(newIp.Value, "change-ip to"));
                case "configure":
                    Allow(o, kind, "set", "unset");
                    var set = o.TryGetValue("set", out var s) ? ReadFlags(s.Value, "configure set") : [];
                    var unset = o.TryGetValue("unset", out var u) ? y.ScalarOrList(u.Value, "configure unset").Select(f => f.TrimStart('-')).ToArray() : [];
                    foreach (var f in unset)
                        if (!KnownEtcdFlags.Contains(f)) throw y.Error(u.Value, $"unknown etcd flag '{f}'");
                    NoteDataDir(Host(value), set, unset);
                    return new ConfigureStep(Host(value), set, unset);
                case "partition":
                    Allow(o, kind);
                    return new PartitionStep(ReadPartition(value));
                case "heal":
                    Allow(o, kind);
                    if (y.Scalar(value, "heal") is not "all" and var what)
                        throw y.Error(value, $"heal takes 'all' (it removes every partition), found {YamlNodes.Quote(what)}");
                    return new HealStep();
                case "writer":
                    return ReadWriter(value, o, stepNode);
                case "writes":
                    Allow(o, kind, "hosts", "key-prefix");
                    if (!o.TryGetValue("hosts", out var wh)) throw y.Error(stepNode, "writes needs hosts: [the hosts it writes through]");
                    return new WritesStep(y.Int(value, "writes", 1, MaxWrites), HostList(wh.Value, "hosts"),
                        o.TryGetValue("key-prefix", out var kp) ? y.NonEmpty(kp.Value, "key-prefix") : "/etcdlab/");
                case "wait":
                    Allow(o, kind);
                    return new WaitStep(y.Duration(value, "wait", TimeSpan.Zero, MaxDuration));
                case "expect-cluster":
                    Allow(o, kind, "within");
                    return new ExpectClusterStep(ReadClusterExpectation(value), o.TryGetValue("within", out var w) ? y.Duration(w.Value, "within", TimeSpan.Zero, MaxDuration) : TimeSpan.FromSeconds(10));
                case "rest":
                    Allow(o, kind);
                    return new RestStep(y.NonEmpty(value, "rest label"));
                default:
                    throw y.Error(stepNode, $"unknown step '{kind}'");
            }
        }

        private Step ReadCertificate(YamlNode value, Dictionary<string, (YamlNode Key, YamlNode Value)> o, YamlNode stepNode)
        {
            Allow(o, "certificate", "on", "subject", "san", "ca", "ca-key", "cert", "key", "valid", "from");
            foreach (var key in new[] { "on", "subject", "ca", "ca-key", "cert", "key" })
                if (!o.ContainsKey(key))
                    throw y.Error(stepNode, "certificate needs on: <host>, subject: <common name>, ca: and ca-key: (the signing CA's files on that host), cert: and key: (where the new files go); san: and valid: are optional");
            var profile = y.Scalar(value, "certificate") switch
            {
                "peer" => Certificates.CertificateProfile.Peer,
                "server" => Certificates.CertificateProfile.Server,
                "client" => Certificates.CertificateProfile.Client,
                var other => throw y.Error(value, $"certificate is peer, server or client (what it is used for: its key usages), found {YamlNodes.Quote(other)}"),
            };
            var subject = y.NonEmpty(o["subject"].Value, "subject");
            CheckVariables(o["subject"].Value);
            var sans = new List<string>();
            if (o.TryGetValue("san", out var sanNode))
            {
                foreach (var item in sanNode.Value is YamlSequenceNode seq ? seq.Children.ToArray() : [sanNode.Value])
                {
                    var san = y.NonEmpty(item, "san");
                    CheckVariables(item);
                    CheckAddresses(item, "san");
                    if (!san.StartsWith("IP:", StringComparison.Ordinal) && !san.StartsWith("DNS:", StringComparison.Ordinal))
                        throw y.Error(item, $"a subject alternative name is written as openssl writes it, IP:<address> or DNS:<name>, found {YamlNodes.Quote(san)}");
                    if (san.StartsWith("IP:", StringComparison.Ordinal) && !san.Contains("${", StringComparison.Ordinal)
                        && AddressRules.CheckHostAddress(san[3..]) is { } problem && !san[3..].StartsWith("127.0.0.", StringComparison.Ordinal))
                        throw y.Error(item, $"san {san}: {problem}");
                    sans.Add(san);
                }
            }
            return new CertificateStep(Host(o["on"].Value), profile, subject, sans,
                FilePath(o["ca"].Value, "certificate ca"), FilePath(o["ca-key"].Value, "certificate ca-key"),
                FilePath(o["cert"].Value, "certificate cert"), FilePath(o["key"].Value, "certificate key"),
                o.TryGetValue("valid", out var valid) ? Validity(valid.Value, "valid", positive: true) : TimeSpan.FromDays(365),
                o.TryGetValue("from", out var start) ? Validity(start.Value, "from", positive: false) : TimeSpan.Zero);
        }

        /// <summary>A certificate's validity or start: <c>365d</c>, <c>12h</c>, <c>30m</c>, <c>10s</c>;
        /// a start may be negative (<c>-30d</c>: thirty days before the step runs).</summary>
        private TimeSpan Validity(YamlNode node, string what, bool positive)
        {
            var text = y.Scalar(node, what).Trim();
            var negative = !positive && text.StartsWith('-');
            var body = negative ? text[1..] : text;
            var units = new Dictionary<char, double> { ['d'] = 86_400, ['h'] = 3_600, ['m'] = 60, ['s'] = 1 };
            if (body.Length >= 2 && units.TryGetValue(body[^1], out var seconds)
                && int.TryParse(body[..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
                && n <= 36_500 * (body[^1] == 'd' ? 1 : 24) && (n > 0 || !positive))
                return TimeSpan.FromSeconds((negative ? -n : n) * seconds);
            throw y.Error(node, positive
                ? $"{what} is a length such as 365d, 12h or 30m (days at most 100 years), found {YamlNodes.Quote(text)}"
                : $"{what} is an offset from the moment the step runs such as -30d (in the past), 0s or 1h, found {YamlNodes.Quote(text)}");
        }

        private bool Bool(YamlNode node, string what) => y.Scalar(node, what) switch
        {
            "true" => true,
            "false" => false,
            var other => throw y.Error(node, $"{what} is true or false, found {YamlNodes.Quote(other)}"),
        };

        private void NoteDataDir(string host, IEnumerable<KeyValuePair<string, string>> set, IEnumerable<string> unset)
        {
            if (unset.Contains("data-dir")) _hostDataDirs.Remove(host);
            foreach (var (name, value) in set)
                if (name == "data-dir") _hostDataDirs[host] = value;
        }

        private Step ReadShell(YamlNode value, Dictionary<string, (YamlNode Key, YamlNode Value)> o, YamlNode stepNode)
        {
            if (!o.TryGetValue("on", out var on)) throw y.Error(stepNode, "shell steps need on: <host> (the host whose shell runs the command)");
            var host = Host(on.Value);
            var commandLine = y.NonEmpty(value, "shell command");
            var mapping = ShellCommands.Map(commandLine, host, _hostDataDirs.GetValueOrDefault(host) ?? _clusterDataDir);
            if (mapping.Problem is { } problem) throw y.ErrorAt(value, mapping.Offset, problem);
            return new ShellStep(host, commandLine, mapping.Steps);
        }

        private Step ReadExpectLog(string kind, YamlNode value, Dictionary<string, (YamlNode Key, YamlNode Value)> o)
        {
            var text = y.NonEmpty(value, kind);
            CheckVariables(value);
            CheckAddresses(value, $"{kind} text");
            TextPattern pattern;
            try
            {
                pattern = TextPattern.Parse(text);
            }
            catch (ArgumentException e)
            {
                throw y.Error(value, $"{kind}: {e.Message}");
            }
            var host = ExpectLogStep.AnyHost;
            if (o.TryGetValue("on", out var on) && y.Scalar(on.Value, "on") != ExpectLogStep.AnyHost) host = Host(on.Value);
            var within = o.TryGetValue("within", out var w) ? y.Duration(w.Value, "within", TimeSpan.Zero, MaxDuration) : TimeSpan.FromSeconds(10);
            var since = o.TryGetValue("since", out var sn) ? SinceRef(sn.Value) : 0;
            return new ExpectLogStep(host, pattern, kind == "expect-exit", within, since);
        }

        /// <summary>A step whose start lines count from: this one or an earlier one, by id or number (0: the run's start).</summary>
        private int SinceRef(YamlNode node)
        {
            var text = y.Scalar(node, "since");
            if (_stepIds.TryGetValue(text, out var index)) return index;
            if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n <= _stepIndex) return n;
            throw y.Error(node, $"since: no earlier step is '{text}'; name this step or an earlier one by id ({(_stepIds.Count == 0 ? "no step has an id yet" : string.Join(", ", _stepIds.Keys))}) or by number, from 0 (the run's start, the default) to {_stepIndex}");
        }

        private Step ReadEtcdctl(YamlNode value, Dictionary<string, (YamlNode Key, YamlNode Value)> o, YamlNode stepNode)
        {
            if (!o.TryGetValue("on", out var on)) throw y.Error(stepNode, "etcdctl steps need on: <host> (the host whose shell runs etcdctl)");
            var host = Host(on.Value);
            var commandLine = y.NonEmpty(value, "etcdctl command");
            CheckVariables(value);
            CheckAddresses(value, "etcdctl command");
            EtcdctlInvocation parsed;
            try
            {
                parsed = EtcdctlParser.Parse(VariablePattern().Replace(commandLine, "0"));
            }
            catch (EtcdctlSyntaxException e)
            {
                throw y.Error(value, e.Message);
            }
            // A variable reads as "0" here; what it holds is known only when the step runs.
            foreach (var timeout in new[] { "dial-timeout", "command-timeout", "timeout", "total-timeout" })
                if (parsed.Flag(timeout) is { } t && t != "0" && !(Durations.TryParse(t, out var d) && d <= MaxDuration))
                    throw y.Error(value, $"--{timeout} must be a duration such as 500ms, 5s or 1m, at most 24h, found {YamlNodes.Quote(t)}");
            if (parsed.Command == EtcdctlCommand.SnapshotSave && parsed.Args.Count == 1) CheckPath(value, parsed.Args[0], "snapshot file");
            if (parsed.Command == EtcdctlCommand.Backup)
            {
                // etcdctl would join a missing --data-dir or --backup-dir with member/snap in its working
                // directory; a runbook always names both.
                foreach (var dir in new[] { "data-dir", "backup-dir" })
                    if (parsed.Flag(dir) is not { Length: > 0 } path) throw y.Error(value, $"etcdctl backup needs --{dir} <dir> (a directory under /var/lib/)");
                    else CheckPath(value, path, $"backup --{dir}");
            }
            if (parsed.Command == EtcdctlCommand.SnapshotRestore)
            {
                if (parsed.Args.Count == 1) CheckPath(value, parsed.Args[0], "snapshot file");
                CheckPath(value, parsed.Flag("data-dir") ?? "", "snapshot restore --data-dir");
            }

            var expect = o.TryGetValue("expect", out var e2) ? ReadCommandExpectation(e2.Value) : CommandExpectation.Success;
            var captures = new List<Capture>();
            if (o.TryGetValue("capture", out var c))
            {
                foreach (var (name, (keyNode, patternNode)) in y.Entries(y.Mapping(c.Value, "capture"), "capture"))
                {
                    if (!NamePattern().IsMatch(name)) throw y.Error(keyNode, $"variable name '{name}' must be lower-case letters, digits and dashes");
                    var pattern = y.NonEmpty(patternNode, "capture pattern");
                    Regex regex;
                    try
                    {
                        // A pattern that backtracks without end on some output must not hang the run.
                        regex = new Regex(pattern, RegexOptions.Multiline | RegexOptions.CultureInvariant, Capture.MatchTimeout);
                    }
                    catch (ArgumentException ex)
                    {
                        throw y.Error(patternNode, $"not a valid regular expression: {ex.Message}");
                    }
                    if (regex.GetGroupNumbers().Length < 2) throw y.Error(patternNode, "a capture pattern needs a group ( ... ) around the value to take");
                    captures.Add(new Capture(name, regex));
                }
            }
            var retry = o.TryGetValue("retry", out var r) ? y.Duration(r.Value, "retry", TimeSpan.Zero, MaxDuration) : (TimeSpan?)null;
            foreach (var capture in captures) _variables.Add(capture.Name);
            return new EtcdctlStep(host, commandLine, expect, captures, retry);
        }

        private CommandExpectation ReadCommandExpectation(YamlNode node)
        {
            var map = y.Entries(y.Mapping(node, "expect"), "expect", "exit", "error", "output", "members");
            foreach (var key in new[] { "error", "output" })
                if (map.TryGetValue(key, out var texts))
                    foreach (var textNode in texts.Value is YamlSequenceNode seq ? seq.Children.ToArray() : [texts.Value])
                    {
                        CheckVariables(textNode);
                        CheckAddresses(textNode, $"expected {key}");
                    }
            return new CommandExpectation(
                map.TryGetValue("exit", out var ex) ? y.Int(ex.Value, "exit", 0, 255) : null,
                map.TryGetValue("error", out var er) ? y.NonEmpty(er.Value, "error") : null,
                map.TryGetValue("output", out var ou) ? y.ScalarOrList(ou.Value, "output") : [],
                map.TryGetValue("members", out var me) ? y.Int(me.Value, "members", 0, MaxMembers) : null);
        }

        private ClusterExpectation ReadClusterExpectation(YamlNode node)
        {
            var map = y.Entries(y.Mapping(node, "expect-cluster"), "expect-cluster", "members", "healthy", "leader", "not-serving", "exited");
            string? leader = null;
            if (map.TryGetValue("leader", out var l))
            {
                leader = y.Scalar(l.Value, "leader");
                if (leader is not ("any" or "none")) Host(l.Value);
            }
            return new ClusterExpectation(
                map.TryGetValue("members", out var m) ? y.Int(m.Value, "members", 0, MaxMembers) : null,
                map.TryGetValue("healthy", out var h) ? HostList(h.Value, "healthy") : [],
                leader,
                map.TryGetValue("not-serving", out var ns) ? HostList(ns.Value, "not-serving") : [],
                map.TryGetValue("exited", out var ex) ? HostList(ex.Value, "exited") : []);
        }

        private Step ReadWriter(YamlNode value, Dictionary<string, (YamlNode Key, YamlNode Value)> o, YamlNode stepNode)
        {
            var action = y.Scalar(value, "writer");
            var name = o.TryGetValue("name", out var n) ? y.NonEmpty(n.Value, "writer name") : "app";
            if (action == "stop")
            {
                Allow(o, "writer stop", "name");
                if (!_runningWriters.Remove(name))
                    throw y.Error(n.Value ?? value, _runningWriters.Count == 0
                        ? $"writer stop: no writer '{name}' runs here (no earlier step starts one{(name == "app" ? "; without name: a writer is called app" : "")})"
                        : $"writer stop: no writer '{name}' runs here; running: {string.Join(", ", _runningWriters.Keys)} (name: picks one)");
                return new WriterStopStep(name);
            }
            if (action != "start") throw y.Error(value, $"writer is 'start' or 'stop', found {YamlNodes.Quote(action)}");
            if (!_runningWriters.TryAdd(name, _stepIndex))
                throw y.Error(n.Value ?? value, $"writer '{name}' already runs (started at step {_runningWriters[name]}); stop it first, or give this one another name:");
            Allow(o, "writer start", "name", "hosts", "every", "timeout", "max", "key-prefix");
            if (!o.TryGetValue("hosts", out var hosts)) throw y.Error(stepNode, "writer start needs hosts: [the hosts it writes through]");
            return new WriterStartStep(
                name,
                HostList(hosts.Value, "hosts"),
                o.TryGetValue("key-prefix", out var kp) ? y.NonEmpty(kp.Value, "key-prefix") : "/etcdlab/",
                o.TryGetValue("every", out var ev) ? y.Duration(ev.Value, "every", TimeSpan.FromMilliseconds(1), MaxDuration) : TimeSpan.FromMilliseconds(50),
                o.TryGetValue("timeout", out var to) ? y.Duration(to.Value, "timeout", TimeSpan.FromMilliseconds(1), MaxDuration) : TimeSpan.FromSeconds(2),
                o.TryGetValue("max", out var mx) ? y.Int(mx.Value, "max", 1, MaxWriterWrites) : 10_000);
        }

        private IReadOnlyList<string>[] ReadPartition(YamlNode value)
        {
            var groups = y.Sequence(value, "partition (a list of host groups, e.g. [[m1], [m2, m3]])").Children;
            if (groups.Count < 2) throw y.Error(value, "a partition needs at least two groups, e.g. [[m1], [m2, m3]]");
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            var result = new IReadOnlyList<string>[groups.Count];
            for (var g = 0; g < groups.Count; g++)
            {
                var members = groups[g] is YamlSequenceNode seq ? seq.Children.ToArray() : [groups[g]];
                foreach (var member in members)
                {
                    var host = Host(member);
                    if (!seen.TryAdd(host, g + 1))
                        throw y.Error(member, seen[host] == g + 1
                            ? $"{host} appears twice in partition group {g + 1}"
                            : $"{host} is in partition groups {seen[host]} and {g + 1}; a host is on one side of a partition");
                }
                result[g] = HostList(groups[g], "partition group");
            }
            return result;
        }

        private string Host(YamlNode node)
        {
            var name = y.Scalar(node, "host");
            return _hosts.Any(h => h.Name == name)
                ? name
                : throw y.Error(node, $"unknown host '{name}'; the scenario declares {string.Join(", ", _hosts.Select(h => h.Name))}");
        }

        private IReadOnlyList<string> HostList(YamlNode node, string what) =>
            node is YamlSequenceNode seq ? seq.Children.Select(Host).ToArray() : [Host(node)];

        private string Path(YamlNode node, string what)
        {
            var path = y.Scalar(node, what);
            CheckPath(node, path, what);
            return path;
        }

        private void CheckPath(YamlNode node, string path, string what)
        {
            if (!path.StartsWith("/var/lib/", StringComparison.Ordinal) || path.Contains("..") || path.TrimEnd('/') == "/var/lib")
                throw y.Error(node, $"{what} must be a path under /var/lib/ (where each host keeps etcd's data, on both targets), found '{path}'");
        }

        /// <summary>A file a host keeps etcd's configuration or certificates in, or data: under
        /// /var/lib/, /etc/etcd/ or /etc/kubernetes/ (<see cref="HostPaths.Roots"/>).</summary>
        private string FilePath(YamlNode node, string what)
        {
            var path = y.Scalar(node, what);
            CheckVariables(node);
            if (!path.StartsWith('/') || path.Contains("..") || HostPaths.RootOf(path) is null)
                throw y.Error(node, $"{what} must be a path under {string.Join(", ", HostPaths.Roots.Select(r => r + "/"))} (where a host keeps etcd's data, configuration and certificates, on both targets), found '{path}'");
            return path;
        }

        private void CheckVariables(YamlNode node)
        {
            // Positions are taken in the value as written (moving addresses into a slot can change its length).
            var raw = y.Raw(node, "a value that may hold ${variables}");
            var unclosed = VariablePattern().Replace(raw, m => new string(' ', m.Length)).IndexOf("${", StringComparison.Ordinal);
            if (unclosed >= 0)
                throw y.ErrorAt(node, unclosed, $"a '${{' without its closing '}}': {YamlNodes.Quote(raw[unclosed..])}; write variables as ${{name}}");
            foreach (Match m in VariablePattern().Matches(raw))
                if (!_variables.Contains(m.Groups[1].Value))
                    throw y.ErrorAt(node, m.Index, $"unknown variable {(m.Value.Length <= 80 ? m.Value : YamlNodes.Quote(m.Value))}: capture it in an earlier step (capture:), or use <host>.ip, <host>.peer-url, <host>.client-url, <host>.name or token");
        }
    }

    /// <summary>Replaces every <c>${name}</c> in <paramref name="text"/> using <paramref name="lookup"/>.</summary>
    public static string Substitute(string text, Func<string, string> lookup) =>
        VariablePattern().Replace(text, m => lookup(m.Groups[1].Value));
}
