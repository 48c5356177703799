using EtcdLab.Core.Events;
using EtcdLab.Core.Scenarios;
using EtcdLab.Core.Targets;

namespace EtcdLab.Core.Running;

public sealed partial class ScenarioRunner
{
    /// <summary>Most lines a failed expect-log offers as the closest to its pattern.</summary>
    private const int ClosestLinesShown = 3;

    /// <summary>Waits, in target time, until a host logged (or exited with) a line the pattern matches.
    /// The lines are the run's own events: <see cref="MemberLogged"/> (each distinct line once per
    /// process start) and <see cref="ProcessExited"/>, recorded alike by both targets.</summary>
    private async Task<StepOutcome> ExpectLogAsync(ExpectLogStep step, CancellationToken ct)
    {
        TextPattern pattern;
        try
        {
            pattern = TextPattern.Parse(Substitute(step.Pattern.Text));
        }
        catch (ArgumentException e)
        {
            return StepOutcome.Fail($"with its variables filled in, {e.Message}");
        }
        var deadline = _target.Now + step.Within;
        var lines = new List<(string Host, string Text, bool Exit)>();
        var scanned = 0;
        var polls = 0;
        // Bounded by target time (the deadline) and, should a target's delay not move its clock, by count.
        var maxPolls = (int)Math.Min(int.MaxValue - 1, step.Within.Ticks / Math.Max(1, _options.PollInterval.Ticks)) + 1;
        while (true)
        {
            polls++;
            var events = _recorder.Events;
            for (; scanned < events.Count; scanned++)
            {
                if (events[scanned].Step < step.Since) continue;
                switch (events[scanned])
                {
                    case MemberLogged logged when !step.ExitOnly && Counts(step, logged.Host):
                        lines.Add((logged.Host, logged.Text, false));
                        break;
                    case ProcessExited exited when Counts(step, exited.Host):
                        lines.Add((exited.Host, exited.Error, true));
                        break;
                }
            }
            if (lines.Any(l => pattern.Matches(l.Text))) return StepOutcome.Pass(polls);
            if (_target.Now >= deadline || polls >= maxPolls) break;
            await _target.DelayAsync(_options.PollInterval, ct);
        }
        return StepOutcome.Fail(NoMatch(step, pattern, lines), polls);
    }

    private static bool Counts(ExpectLogStep step, string host) => step.Host == ExpectLogStep.AnyHost || step.Host == host;

    /// <summary>Names the pattern, the hosts, and the lines they did log that come closest to it.</summary>
    private string NoMatch(ExpectLogStep step, TextPattern pattern, List<(string Host, string Text, bool Exit)> lines)
    {
        var any = step.Host == ExpectLogStep.AnyHost;
        var since = step.Since > 0 ? $" since step {step.Since} began" : "";
        var head = (step.ExitOnly, any) switch
        {
            (false, false) => $"{step.Host} logged no line matching '{pattern}'",
            (false, true) => $"no host logged a line matching '{pattern}'",
            (true, false) => $"{step.Host} did not exit with a text matching '{pattern}'",
            (true, true) => $"no host exited with a text matching '{pattern}'",
        } + $" within {Durations.Format(step.Within)}{since}";
        var closest = lines.DistinctBy(l => (l.Host, l.Text, l.Exit))
            .Select(l => (Line: l, Score: pattern.Closeness(l.Text)))
            .OrderByDescending(x => x.Score)
            .Take(ClosestLinesShown)
            .Select(x => $"{x.Line.Host} {(x.Line.Exit ? "exited with" : "logged")} '{x.Line.Text}'")
            .ToArray();
        if (closest.Length > 0) return $"{head}; the closest: {string.Join("; ", closest)}";
        var hosts = any ? _hosts.Keys.ToArray() : [step.Host];
        var states = string.Join(", ", hosts.Select(h => $"{h} {_target.ProcessOf(h).Describe()}"));
        var who = any ? "no host" : step.Host;
        return step.ExitOnly
            ? $"{head}; {(any ? "no host exited" : "it did not exit")} by itself{since} ({states})"
            : $"{head}; {who} logged no line runbooks warn about and {(any ? "none" : "it did not")} exit{(any ? "ed" : "")}{since} ({states}). "
              + "EtcdLab records the lines runbooks warn about (cluster ID mismatch, removed member, panics) and the texts etcd exits with";
    }
}
