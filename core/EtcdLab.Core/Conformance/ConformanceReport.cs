using EtcdLab.Core.Checkers;
using EtcdLab.Core.Events;

namespace EtcdLab.Core.Conformance;

/// <summary>The simulator's run of a scenario set beside real etcd's, step by step and verdict by verdict.</summary>
/// <param name="Scenario">Scenario name.</param>
/// <param name="Sim">The simulator's step facts.</param>
/// <param name="Docker">Real etcd's step facts.</param>
/// <param name="SimVerdicts">The simulator's verdicts.</param>
/// <param name="DockerVerdicts">Real etcd's verdicts.</param>
/// <param name="Disagreements">Each fact that differs, from the step where it starts.</param>
public sealed record ConformanceReport(
    string Scenario,
    IReadOnlyDictionary<int, StepFacts> Sim,
    IReadOnlyDictionary<int, StepFacts> Docker,
    IReadOnlyList<InvariantVerdict> SimVerdicts,
    IReadOnlyList<InvariantVerdict> DockerVerdicts,
    IReadOnlyList<Disagreement> Disagreements)
{
    /// <summary>How many invariant verdicts agree, of how many. Two verdicts agree when their status does
    /// (holds, broken, not applicable): "holds" against "not applicable" is a disagreement too.</summary>
    public (int Agree, int Total) VerdictAgreement =>
        (SimVerdicts.Zip(DockerVerdicts).Count(p => p.First.Status == p.Second.Status), SimVerdicts.Count);

    /// <summary>How many step facts agree, of how many.</summary>
    public (int Agree, int Total) StepAgreement
    {
        get
        {
            var total = 0;
            var agree = 0;
            foreach (var index in Sim.Keys.Union(Docker.Keys))
            {
                var a = Sim.GetValueOrDefault(index);
                var b = Docker.GetValueOrDefault(index);
                foreach (var (x, y) in Pairs(a, b))
                {
                    total++;
                    if (x == y) agree++;
                }
            }
            return (agree, total);
        }
    }

    /// <summary>The names of the compared facts, in the order of <see cref="Pairs"/>.</summary>
    public static IReadOnlyList<string> FactNames { get; } = ["outcome", "error", "members", "cluster-ids", "healthy", "exited", "stdout", "stderr"];

    /// <summary>The compared facts of one step on both targets, in the order of <see cref="FactNames"/>.
    /// The etcdctl output facts compare every normalized line; where they differ, the pair shows the
    /// first line that does (<see cref="EtcdctlTranscript.FirstDifference"/>) on both sides.</summary>
    public static IEnumerable<(string?, string?)> Pairs(StepFacts? a, StepFacts? b)
    {
        yield return (a?.Outcome, b?.Outcome);
        yield return (a?.Error, b?.Error);
        yield return (a?.Members?.ToString(), b?.Members?.ToString());
        yield return (a?.ClusterIds, b?.ClusterIds);
        yield return (a?.Healthy, b?.Healthy);
        yield return (a?.Exited, b?.Exited);
        yield return Lines(a?.Stdout, b?.Stdout);
        yield return Lines(a?.Stderr, b?.Stderr);
    }

    private static (string?, string?) Lines(IReadOnlyList<string>? a, IReadOnlyList<string>? b)
    {
        if (a is null || b is null) return (a is null ? null : string.Join("\n", a), b is null ? null : string.Join("\n", b));
        return EtcdctlTranscript.FirstDifference(a, b) is { } first
            ? first
            : (string.Join("\n", a), string.Join("\n", b));
    }

    /// <summary>Compares a simulator run with a Docker run of the same scenario and seed.</summary>
    public static ConformanceReport Compare(IReadOnlyList<RunEvent> sim, IReadOnlyList<RunEvent> docker)
    {
        var simFacts = StepFacts.Of(sim);
        var dockerFacts = StepFacts.Of(docker);
        var simVerdicts = InvariantCheckers.Check(sim);
        var dockerVerdicts = InvariantCheckers.Check(docker);
        var disagreements = new List<Disagreement>();
        var names = FactNames;
        for (var f = 0; f < names.Count; f++)
        {
            var differing = simFacts.Keys.Union(dockerFacts.Keys).Order()
                .Select(i => (Index: i, Pair: Pairs(simFacts.GetValueOrDefault(i), dockerFacts.GetValueOrDefault(i)).ElementAt(f)))
                .Where(x => x.Pair.Item1 != x.Pair.Item2).ToArray();
            if (differing.Length == 0) continue;
            var first = differing[0];
            disagreements.Add(new Disagreement(names[f], first.Index, first.Pair.Item1 ?? "-", first.Pair.Item2 ?? "-", differing.Length));
        }
        foreach (var (s, d) in simVerdicts.Zip(dockerVerdicts).Where(p => p.First.Status != p.Second.Status))
            disagreements.Add(new Disagreement("verdict:" + s.Id, -1, InvariantVerdict.Describe(s.Status), InvariantVerdict.Describe(d.Status), 1));
        var name = new RunLog(sim).Declaration.Name;
        return new ConformanceReport(name, simFacts, dockerFacts, simVerdicts, dockerVerdicts, disagreements);
    }
}
