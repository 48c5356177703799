using EtcdLab.Core.Addresses;
using EtcdLab.Core.Etcdctl;
using EtcdLab.Core.Events;
using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Faults;
using EtcdLab.Core.Recording;
using EtcdLab.Core.Scenarios;
using EtcdLab.Core.Targets;

namespace EtcdLab.Core.Running;

/// <summary>
/// Runs a scenario against a target as an operator would: bootstraps the initial cluster (step 0),
/// runs the steps in order and stops at the first one that misses its expectation, then verifies
/// (step n+1): lets the cluster settle, observes it and reads every key from every serving member.
/// After every step it records what each host shows. It records everything through one
/// <see cref="RunRecorder"/>; checkers read the result.
/// </summary>
/// <remarks>The runner keeps what an operator knows (each host's address and configuration file,
/// the variables captured so far); what runs where, and what may not be done to it, is the
/// target's (<see cref="ClusterTargetBase"/>). Every text the scenario gives it (flag values,
/// etcdctl arguments, expected output) goes through <see cref="Substitute"/>: variables are filled
/// in and the scenario's addresses are moved to where the target placed the hosts.</remarks>
public sealed partial class ScenarioRunner
{
    private readonly IClusterTarget _target;
    private readonly FaultInjector? _faults;
    private readonly RunRecorder _recorder;
    private readonly RunOptions _options;
    private readonly Dictionary<string, HostState> _hosts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _captured = new(StringComparer.Ordinal);
    private readonly List<string> _runningWriters = [];
    private readonly Dictionary<string, int> _batchCounters = new(StringComparer.Ordinal);
    private Scenario _scenario = null!;
    private EtcdFlags _clusterFlags = EtcdFlags.Empty;
    private string _initialCluster = "";

    /// <summary>Creates a runner for one run on <paramref name="target"/>.</summary>
    public ScenarioRunner(IClusterTarget target, RunRecorder recorder, RunOptions options)
    {
        _recorder = recorder;
        _options = options;
        if (options.Faults is { Faults.Count: > 0 } schedule)
        {
            // Every call the runner and etcdctl make first lets what is due strike.
            _faults = new FaultInjector(schedule, target, recorder, host => FlagsFor(Host(host)), NextCommandHost);
            target = new FaultClockTarget(target, _faults);
        }
        _target = target;
    }

    /// <summary>Runs <paramref name="scenario"/> once. Target failures (an engine that disappears)
    /// propagate; a step that misses its expectation ends the procedure but not the verification.</summary>
    public async Task<RunResult> RunAsync(Scenario scenario, CancellationToken ct)
    {
        _scenario = scenario;
        _recorder.UseClock(() => _target.Now);
        _recorder.CurrentStep = 0;

        var spec = new ClusterSpec(_options.RunId, scenario.Cluster.Hosts.Select(h => new HostSpec(h.Name, h.Ip)).ToArray(), _options.Seed);
        await _target.InitializeAsync(spec, _recorder, ct);
        var map = _target.Addresses;
        foreach (var h in scenario.Cluster.Hosts) _hosts[h.Name] = new HostState(h, _target, EtcdFlags.Empty);
        _recorder.Record(new RunStarted(_target.Kind, _options.Seed, scenario.Declare(map), map.Slot));
        // Flags the file gives from the start may name hosts and addresses too.
        _clusterFlags = SubstituteAll(scenario.Cluster.Flags);
        foreach (var h in scenario.Cluster.Hosts)
        {
            _hosts[h.Name].Configured = SubstituteAll(h.Flags);
            _hosts[h.Name].ClusterFlags = _clusterFlags;
        }
        _initialCluster = EtcdDefaults.InitialCluster(_hosts.Values.Where(h => h.InitialMember).Select(h => (h.Name, h.InitialIp, h.PeerTls)));

        int? failedStep = null;
        string? failure = null;
        var bootstrap = await RunStepAsync(0, "bootstrap", () => BootstrapAsync(ct), ct);
        if (bootstrap is not null)
        {
            failedStep = 0;
            failure = bootstrap;
        }
        else
        {
            foreach (var step in scenario.Steps)
            {
                var problem = await RunStepAsync(step.Index, step.Describe(), () => ExecuteAsync(step, ct), ct);
                if (problem is null || failure is not null) continue;
                failedStep = step.Index;
                failure = problem;
                // A replayed incident goes on past a failed command, as its operator did.
                if (!_options.KeepGoing) break;
            }
        }

        if (_faults is not null)
        {
            // The schedule ends with the procedure: every fault still in force is undone before the
            // cluster is verified, which must then converge by itself.
            _recorder.CurrentStep = scenario.Steps.Count + 1;
            await _faults.EndAsync(ct);
        }
        await VerifyAsync(scenario.Steps.Count + 1, ct);
        _recorder.Record(new RunFinished(failure is null, failure is null ? null : $"step {failedStep}: {failure}"));
        return new RunResult(_recorder.Events, failure is null, failedStep, failure);
    }

    /// <summary>Runs one step between its StepStarted and StepFinished events, observes the
    /// cluster afterwards, and returns why it failed (null when it passed).</summary>
    private async Task<string?> RunStepAsync(int index, string text, Func<Task<StepOutcome>> body, CancellationToken ct)
    {
        _recorder.CurrentStep = index;
        if (_faults is not null && index > 0) await _faults.AtBoundaryAsync(index, after: false, ct);
        _recorder.Record(new StepStarted(index, text));
        StepOutcome outcome;
        try
        {
            outcome = await body();
        }
        catch (HostActionException e)
        {
            outcome = StepOutcome.Fail(e.Message);
        }
        _recorder.Record(new StepFinished(index, outcome.Failure is null, outcome.Attempts, outcome.Failure));
        await ObserveAndRecordAsync(ct);
        if (_faults is not null && index > 0 && outcome.Failure is null) await _faults.AtBoundaryAsync(index, after: true, ct);
        return outcome.Failure;
    }

    private Task<StepOutcome> ExecuteAsync(Step step, CancellationToken ct) => step switch
    {
        EtcdctlStep s => EtcdctlAsync(s, ct),
        StartStep s => StartAsync(s, ct),
        StopStep s => StopAsync(s, ct),
        PauseStep s => PauseAsync(s, ct),
        ResumeStep s => ResumeAsync(s, ct),
        WipeDataStep s => WipeDataAsync(s, ct),
        BackupDataStep s => BackupDataAsync(s, ct),
        CopyFileStep s => CopyFileAsync(s, ct),
        ChangeIpStep s => ChangeIpAsync(s, ct),
        ConfigureStep s => ConfigureAsync(s),
        PartitionStep s => PartitionAsync(s, ct),
        HealStep => HealAsync(ct),
        WriterStartStep s => WriterStartAsync(s, ct),
        WriterStopStep s => WriterStopAsync(s, ct),
        WritesStep s => WritesAsync(s, ct),
        WaitStep s => WaitAsync(s, ct),
        ExpectClusterStep s => ExpectClusterAsync(s, ct),
        ExpectLogStep s => ExpectLogAsync(s, ct),
        RestoreDataStep s => RestoreDataAsync(s, ct),
        ShellStep s => ShellAsync(s, ct),
        RestStep s => RestAsync(s),
        CertificateAuthorityStep s => CertificateAuthorityAsync(s, ct),
        CertificateStep s => CertificateAsync(s, ct),
        _ => throw new InvalidOperationException($"no runner for step {step.GetType().Name}"),
    };

    private HostState Host(string name) => _hosts[name];

    /// <summary>The host that runs the procedure's first etcdctl command from the boundary before (or
    /// after) <paramref name="step"/> on: the member that receives it is its own, or the first endpoint.</summary>
    private string? NextCommandHost(int step, bool after) =>
        _scenario.Steps.OfType<EtcdctlStep>().FirstOrDefault(s => after ? s.Index > step : s.Index >= step)?.Host;

    /// <summary>The value of <c>${name}</c>: a captured variable, the token, or a host's current address or URL.</summary>
    private string Resolve(string name)
    {
        if (_captured.TryGetValue(name, out var value)) return value;
        if (name == "token") return _scenario.Cluster.Token;
        var dot = name.LastIndexOf('.');
        if (dot > 0 && _hosts.TryGetValue(name[..dot], out var host))
        {
            return name[(dot + 1)..] switch
            {
                "ip" => host.Ip,
                "peer-url" => host.PeerUrl,
                "client-url" => host.ClientUrl,
                "name" => host.Name,
                _ => throw new HostActionException(host.Name, $"unknown host variable ${{{name}}}"),
            };
        }
        throw new HostActionException("", $"variable ${{{name}}} has no value yet: the step that captures it did not run or did not match");
    }

    /// <summary>A text of the scenario as the target must see it: its addresses moved to where the
    /// target placed the hosts, then its variables filled in (captured values come from the target
    /// and are where they belong already). The loader checked every address the file writes; what a
    /// variable brings in is checked here, and an address EtcdLab refuses fails the step.</summary>
    private string Substitute(string text)
    {
        var value = ScenarioLoader.Substitute(_target.Addresses.MapText(text), Resolve);
        if (value != text && AddressRules.CheckRunText(value) is [var problem, ..])
            throw new HostActionException("", $"{problem.Problem} (in '{value}', once its variables were filled in from '{text}')");
        return value;
    }

    private EtcdFlags SubstituteAll(IEnumerable<KeyValuePair<string, string>> flags) =>
        EtcdFlags.From(flags.Select(f => new KeyValuePair<string, string>(f.Key, Substitute(f.Value))));

    /// <summary>The whole command line etcd starts with on <paramref name="host"/> at <paramref name="ip"/>.</summary>
    private EtcdFlags FlagsFor(HostState host, string? ip = null) =>
        EtcdDefaults.For(host.Name, ip ?? host.Ip, host.InitialMember ? _initialCluster : null, _scenario.Cluster.Token, _clusterFlags, host.Configured);

    /// <summary>The data dir etcd on <paramref name="host"/> uses with its current configuration.</summary>
    private string DataDirOf(HostState host) => FlagsFor(host).Get("data-dir") ?? EtcdDefaults.DataDir;

    private readonly record struct StepOutcome(string? Failure, int Attempts)
    {
        public static StepOutcome Pass(int attempts = 1) => new(null, attempts);

        public static StepOutcome Fail(string failure, int attempts = 1) => new(failure, attempts);
    }
}
