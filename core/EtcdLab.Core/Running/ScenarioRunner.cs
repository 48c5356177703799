using EtcdLab.Core.Etcdctl;
using EtcdLab.Core.Events;
using EtcdLab.Core.Exceptions;
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
public sealed partial class ScenarioRunner
{
    private readonly IClusterTarget _target;
    private readonly RunRecorder _recorder;
    private readonly RunOptions _options;
    private readonly EtcdctlEmulator _etcdctl;
    private readonly Dictionary<string, HostState> _hosts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _captured = new(StringComparer.Ordinal);
    private readonly HashSet<string> _runningWriters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _batchCounters = new(StringComparer.Ordinal);
    private Scenario _scenario = null!;

    /// <summary>Creates a runner for one run on <paramref name="target"/>.</summary>
    public ScenarioRunner(IClusterTarget target, RunRecorder recorder, RunOptions options)
    {
        _target = target;
        _recorder = recorder;
        _options = options;
        _etcdctl = new EtcdctlEmulator(target);
        recorder.Subscribe(OnRecorded);
    }

    /// <summary>Runs <paramref name="scenario"/> once. Target failures (an engine that disappears)
    /// propagate; a step that misses its expectation ends the procedure but not the verification.</summary>
    public async Task<RunResult> RunAsync(Scenario scenario, CancellationToken ct)
    {
        _scenario = scenario;
        foreach (var h in scenario.Cluster.Hosts) _hosts[h.Name] = new HostState(h);
        _recorder.UseClock(() => _target.Now);
        _recorder.CurrentStep = 0;
        _recorder.Record(new RunStarted(_target.Kind, _options.Seed, scenario.Declare()));

        var spec = new ClusterSpec(_options.RunId, scenario.Cluster.Hosts.Select(h => new HostSpec(h.Name, h.Ip)).ToArray(), _options.Seed);
        await _target.InitializeAsync(spec, _recorder, ct);

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
                if (problem is null) continue;
                failedStep = step.Index;
                failure = problem;
                break;
            }
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
        RestStep s => RestAsync(s),
        _ => throw new InvalidOperationException($"no runner for step {step.GetType().Name}"),
    };

    /// <summary>Keeps the runner's view of processes in step with what the target reports.</summary>
    private void OnRecorded(RunEvent e)
    {
        if (e is ProcessExited exited && _hosts.TryGetValue(exited.Host, out var host)) host.Process = ProcessState.Exited;
    }

    private HostState Host(string name) => _hosts[name];

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

    private string Substitute(string text) => ScenarioLoader.Substitute(text, Resolve);

    private EtcdFlags FlagsFor(HostState host) =>
        EtcdDefaults.For(host.Name, host.Ip, host.InitialMember, _scenario.Cluster, host.Configured);

    private readonly record struct StepOutcome(string? Failure, int Attempts)
    {
        public static StepOutcome Pass(int attempts = 1) => new(null, attempts);

        public static StepOutcome Fail(string failure, int attempts = 1) => new(failure, attempts);
    }
}
