using System.Text.RegularExpressions;
using EtcdLab.Core.Events;
using EtcdLab.Core.Identity;

namespace EtcdLab.Core.Checkers;

/// <summary>Members are added one at a time: the next <c>member add</c> only after the member added
/// before it has started (published itself). An unstarted member already counts toward quorum.</summary>
/// <remarks>Applies when the run issued at least one <c>member add</c>, answered or not; not applicable
/// when it issued none, since then no member was added at all.</remarks>
public sealed partial class OneMemberAddedAtATimeChecker : IInvariantChecker
{
    // v3: "Member 8e9e05c52164694d added to cluster ..."; v2: "Added member named m4 with ID 8e9e05c52164694d to cluster".
    [GeneratedRegex(@"Member\s+(?<id>[0-9a-f]+) added|Added member named .* with ID (?<id>[0-9a-f]+) to cluster")]
    private static partial Regex Added();

    /// <inheritdoc />
    public string Id => InvariantIds.OneMemberAddedAtATime;

    /// <inheritdoc />
    public string Title => "one member added at a time";

    /// <inheritdoc />
    public CheckResult Check(RunLog log)
    {
        var violations = new List<Violation>();
        var pending = new Dictionary<ulong, (string Name, int Step)>();
        var adds = 0;
        foreach (var e in log.Events)
        {
            if (e is ClusterObserved observed && RunLog.Membership(observed.Observation) is { } members)
            {
                foreach (var id in pending.Keys.ToArray())
                    if (members.FirstOrDefault(m => m.Id == id) is not { IsStarted: false }) pending.Remove(id);
            }
            if (e is not CommandIssued issued || !RunLog.IsMember(issued.Argv, "add")) continue;
            adds++;
            var name = RunLog.MemberArg(issued.Argv) ?? "?";
            foreach (var (id, (otherName, step)) in pending)
                violations.Add(new Violation(issued.Step, issued.Host,
                    $"{log.StepText(issued.Step)} adds {name} while {otherName} (member {EtcdIds.Hex(id)}, added at step {step}) has not started: " +
                    "an added member counts toward quorum from the moment it is added, so two unstarted members can cost the quorum. " +
                    "Runbook 000 warns: \"You must add each member and bring it online one at a time.\"") { Seq = issued.Seq });
            if (log.AnswerTo(issued) is { ExitCode: 0 } answer && Added().Match(answer.Stdout) is { Success: true } match
                && EtcdIds.TryParseHex(match.Groups["id"].Value, out var added))
                pending[added] = (name, issued.Step);
        }
        return adds == 0 ? CheckResult.NotApplicable("no `member add` was issued") : CheckResult.Checked(violations);
    }
}
