using EtcdLab.Core.Checkers;
using EtcdLab.Core.Events;
using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Faults;
using EtcdLab.Core.Recording;
using EtcdLab.Core.Running;
using EtcdLab.Core.Scenarios;
using EtcdLab.Core.Targets;
using EtcdLab.Sim;

namespace EtcdLab.Fuzz.Generation;

/// <summary>
/// What fault schedules for one scenario are drawn from: its step boundaries, its hosts, and (from
/// one fault-free run on the simulator) when each boundary comes and how many members the cluster
/// could lose at each moment.
/// </summary>
public sealed class ScheduleSpace
{
    private ScheduleSpace(Scenario scenario, IReadOnlyList<Boundary> boundaries, ToleranceTimeline tolerance, TimeSpan procedureEnd)
    {
        Scenario = scenario;
        Hosts = scenario.Cluster.Hosts.Select(h => h.Name).ToArray();
        Boundaries = boundaries;
        Tolerance = tolerance;
        ProcedureEnd = procedureEnd;
    }

    /// <summary>The scenario.</summary>
    public Scenario Scenario { get; }

    /// <summary>Every host of the scenario, spare hosts included, in file order.</summary>
    public IReadOnlyList<string> Hosts { get; }

    /// <summary>Before step 1, after step 1, before step 2, ..., after the last step.</summary>
    public IReadOnlyList<Boundary> Boundaries { get; }

    /// <summary>How many members the fault-free run could lose at each moment.</summary>
    public ToleranceTimeline Tolerance { get; }

    /// <summary>When the last step of the fault-free run ended (target time).</summary>
    public TimeSpan ProcedureEnd { get; }

    /// <summary>The text of step <paramref name="index"/>.</summary>
    public string StepText(int index) => Scenario.Steps[index - 1].Describe();

    /// <summary>When a fault placed at <paramref name="at"/> strikes, as the fault-free run's clock has it.</summary>
    public TimeSpan TimeOf(FaultPlacement at) =>
        Boundaries.First(b => b.At.Step == at.Step && b.At.After == at.After).Time + at.Offset;

    /// <summary>Runs <paramref name="scenario"/> once on the simulator without faults (seed
    /// <paramref name="seed"/>) and learns its boundaries and tolerance from it.</summary>
    /// <exception cref="InputException">The scenario fails without any fault: fuzzing it would say nothing.</exception>
    public static async Task<ScheduleSpace> ExploreAsync(Scenario scenario, ulong seed, CancellationToken ct)
    {
        await using var target = new SimulatedClusterTarget();
        var result = await new ScenarioRunner(target, new RunRecorder(), RunOptions.For("fuzz-baseline", seed)).RunAsync(scenario, ct);
        var broken = InvariantCheckers.Check(result.Events).Where(v => v.FailsRun).Select(v => v.Id).ToArray();
        if (!result.StepsPassed || broken.Length > 0)
            throw new InputException(
                $"{scenario.File}: the scenario fails without any fault ({(result.StepsPassed ? "broken: " + string.Join(", ", broken) : $"step {result.FailedStep}: {result.Failure}")}); "
                + $"fuzzing it would find only that. See `etcdlab run {scenario.File} --seed {seed}` and fix the scenario first.");
        return FromRun(scenario, result.Events);
    }

    /// <summary>The space of <paramref name="scenario"/> learnt from the events of a fault-free run of it.</summary>
    public static ScheduleSpace FromRun(Scenario scenario, IReadOnlyList<RunEvent> events)
    {
        var boundaries = new List<Boundary>();
        foreach (var step in scenario.Steps)
        {
            var of = events.Where(e => e.Step == step.Index).ToArray();
            var before = of.OfType<StepStarted>().FirstOrDefault()?.At ?? TimeSpan.Zero;
            var after = of.Length > 0 ? of[^1].At : before;
            boundaries.Add(new Boundary(new FaultPlacement(false, step.Index, TimeSpan.Zero), step.Describe(), before));
            boundaries.Add(new Boundary(new FaultPlacement(true, step.Index, TimeSpan.Zero), step.Describe(), after));
        }
        var points = events.OfType<ClusterObserved>().Select(o => Slack(o.At, o.Observation)).ToArray();
        var end = boundaries.Count > 0 ? boundaries[^1].Time : TimeSpan.Zero;
        return new ScheduleSpace(scenario, boundaries, new ToleranceTimeline(points), end);
    }

    /// <summary>The space of <paramref name="scenario"/> without a baseline run: boundaries without times,
    /// and a tolerance that allows everything (the run's own verdict then decides).</summary>
    public static ScheduleSpace WithoutBaseline(Scenario scenario)
    {
        var boundaries = scenario.Steps.SelectMany(s => new[]
        {
            new Boundary(new FaultPlacement(false, s.Index, TimeSpan.Zero), s.Describe(), TimeSpan.Zero),
            new Boundary(new FaultPlacement(true, s.Index, TimeSpan.Zero), s.Describe(), TimeSpan.Zero),
        }).ToArray();
        return new ScheduleSpace(scenario, boundaries, ToleranceTimeline.Unknown, TimeSpan.Zero);
    }

    private static (TimeSpan, int, int) Slack(TimeSpan at, ClusterObservation o)
    {
        if (RunLog.Membership(o) is not { } members) return (at, 0, -1);
        var voters = members.Where(m => !m.IsLearner).ToArray();
        var running = voters.Count(m => RunLog.HostOf(m, o) is { } h && o[h].Process == ProcessState.Running);
        return (at, voters.Length, running - RunLog.Quorum(voters.Length));
    }
}
