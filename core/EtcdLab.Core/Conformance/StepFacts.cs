using EtcdLab.Core.Checkers;
using EtcdLab.Core.Events;
using EtcdLab.Core.Running;

namespace EtcdLab.Core.Conformance;

/// <summary>What an operator sees of one step, the facts two targets are compared on.</summary>
/// <param name="Index">Step number.</param>
/// <param name="Outcome"><c>passed</c>, <c>failed</c> or <c>skipped</c>.</param>
/// <param name="Error">The <c>Error:</c> text of the step's last etcdctl command (normalized, <see cref="EtcdctlTranscript.NormalizeLine"/>), <c>ok</c> when it succeeded, null without command.</param>
/// <param name="Members">Members in the membership after the step, null when no member served.</param>
/// <param name="ClusterIds">Cluster IDs of the members serving after the step.</param>
/// <param name="Healthy">Hosts that ran, served and knew a leader after the step.</param>
/// <param name="Exited">Hosts whose etcd had exited by itself after the step.</param>
/// <param name="Stdout">What the step's last etcdctl command printed on standard output, normalized
/// (<see cref="EtcdctlTranscript"/>); empty without command.</param>
/// <param name="Stderr">The same for standard error.</param>
public sealed record StepFacts(int Index, string Outcome, string? Error, int? Members, string ClusterIds, string Healthy, string Exited,
    IReadOnlyList<string> Stdout, IReadOnlyList<string> Stderr)
{
    /// <summary>Facts of a step that did not run.</summary>
    public static StepFacts Skipped(int index) => new(index, "skipped", null, null, "", "", "", [], []);

    /// <inheritdoc />
    public bool Equals(StepFacts? other) =>
        other is not null && Index == other.Index && Outcome == other.Outcome && Error == other.Error && Members == other.Members
        && ClusterIds == other.ClusterIds && Healthy == other.Healthy && Exited == other.Exited
        && Stdout.SequenceEqual(other.Stdout) && Stderr.SequenceEqual(other.Stderr);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Index, Outcome, Error, Members);

    /// <summary>The facts of every step of a run, by step number.</summary>
    public static IReadOnlyDictionary<int, StepFacts> Of(IReadOnlyList<RunEvent> events)
    {
        var log = new RunLog(events);
        var result = new Dictionary<int, StepFacts>();
        foreach (var step in log.Declaration.Steps)
        {
            var finished = events.OfType<StepFinished>().FirstOrDefault(f => f.Index == step.Index);
            if (finished is null)
            {
                result[step.Index] = Skipped(step.Index);
                continue;
            }
            var answered = events.OfType<CommandAnswered>().LastOrDefault(a => a.Step == step.Index);
            var error = answered is null ? null : answered.ExitCode == 0 ? "ok" : FirstErrorLine(answered);
            var observed = events.OfType<ClusterObserved>().LastOrDefault(o => o.Step == step.Index)?.Observation;
            result[step.Index] = new StepFacts(
                step.Index,
                finished.Passed ? "passed" : "failed",
                error,
                observed is null ? null : RunLog.Membership(observed)?.Count,
                observed is null ? "" : string.Join(",", observed.Hosts.Where(h => h.Serving).Select(h => h.Status!.Header.ClusterId.ToString("x")).Distinct().Order(StringComparer.Ordinal)),
                observed is null ? "" : string.Join(",", observed.Hosts.Where(ClusterExpectations.IsHealthy).Select(h => h.Host)),
                observed is null ? "" : string.Join(",", observed.Hosts.Where(h => h.Process == Targets.ProcessState.Exited).Select(h => h.Host)),
                answered is null ? [] : EtcdctlTranscript.Normalize(answered.Stdout),
                answered is null ? [] : EtcdctlTranscript.Normalize(answered.Stderr));
        }
        return result;
    }

    private static string FirstErrorLine(CommandAnswered answered)
    {
        var line = answered.Stderr.Split('\n').FirstOrDefault(l => l.StartsWith("Error: ", StringComparison.Ordinal))
                   ?? answered.Stderr.Split('\n').FirstOrDefault(l => l.Length > 0) ?? $"exit {answered.ExitCode}";
        // Normalized as the output lines are, so that an added member's ID or a deadline's race does not count.
        return EtcdctlTranscript.NormalizeLine(line.StartsWith("Error: ", StringComparison.Ordinal) ? line["Error: ".Length..] : line);
    }
}
