using EtcdLab.Core.Events;
using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Recording;
using EtcdLab.Core.Running;
using EtcdLab.Core.Scenarios;
using EtcdLab.Fuzz.Generation;
using EtcdLab.Fuzz.Judging;
using EtcdLab.Sim;

namespace EtcdLab.Fuzz.Running;

/// <summary>
/// Runs cases of one scenario on the simulator, each on a target of its own, and judges them. Safe to
/// call from many threads at once: a simulated target runs on its caller's thread and shares nothing
/// mutable with another (they share one ActorSystem, whose actors each belong to one target).
/// </summary>
/// <param name="scenario">The scenario.</param>
/// <param name="judge">Decides failure and tolerance; <see cref="ToleranceJudge"/> when null.</param>
public sealed class CaseRunner(Scenario scenario, IRunJudge? judge = null)
{
    private readonly IRunJudge _judge = judge ?? ToleranceJudge.Instance;

    /// <summary>The scenario.</summary>
    public Scenario Scenario => scenario;

    /// <summary>The judge.</summary>
    public IRunJudge Judge => _judge;

    /// <summary>True to keep each run's events in its result (determinism tests, reports); runs keep none by default.</summary>
    public bool KeepEvents { get; init; }

    /// <summary>Runs <paramref name="case"/> once and judges it. A run that throws is judged as aborted, so a
    /// simulator bug is a finding, not the end of the fuzz.</summary>
    /// <exception cref="InputException">The schedule asks the simulator for something it cannot do (packet delay or
    /// loss while the simulator has no links to degrade): no run of that profile can say anything.</exception>
    public async Task<CaseResult> RunAsync(FuzzCase @case, CancellationToken ct)
    {
        var recorder = new RunRecorder();
        var time = TimeSpan.Zero;
        try
        {
            await using var target = new SimulatedClusterTarget();
            var options = RunOptions.For("fuzz", @case.RunSeed) with { Faults = @case.Schedule };
            await new ScenarioRunner(target, recorder, options).RunAsync(scenario, ct);
            time = target.Now;
        }
        catch (NotSupportedException e)
        {
            throw new InputException($"the simulator cannot strike this schedule's faults ({e.Message}); leave those kinds out of the profile. Schedule: {@case}");
        }
        catch (Exception e) when (e is not OperationCanceledException && e is not EtcdLabException { IsInputError: true })
        {
            recorder.Record(new RunAborted($"{e.GetType().Name}: {e.Message}".ReplaceLineEndings(" "), e.ToString()));
        }
        var events = recorder.Events;
        return new CaseResult(@case, _judge.Judge(@case.Schedule, events), KeepEvents ? events : null, time);
    }
}
