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
        var what = step.ExitOnly ? "exited with a text" : "logged a line";
        var where = step.Host == ExpectLogStep.AnyHost ? "no host" : step.Host;
        var since = step.Since > 0 ? $" since step {step.Since} began" : "";
        var head = $"{where} {what} matching '{pattern}' within {Durations.Format(step.Within)}{since}";
        var closest = lines.DistinctBy(l => (l.Host, l.Text, l.Exit))
            .Select(l => (Line: l, Score: pattern.Closeness(l.Text)))
            .OrderByDescending(x => x.Score)
            .Take(ClosestLinesShown)
            .Select(x => $"{x.Line.Host} {(x.Line.Exit ? "exited with" : "logged")} '{x.Line.Text}'")
            .ToArray();
        if (closest.Length > 0) return $"{head}; the closest: {string.Join("; ", closest)}";
        var hosts = step.Host == ExpectLogStep.AnyHost ? _hosts.Keys.ToArray() : [step.Host];
        var states = string.Join(", ", hosts.Select(h => $"{h} {_target.ProcessOf(h).Describe()}"));
        return step.ExitOnly
            ? $"{head}; {(hosts.Length == 1 ? "it" : "none")} exited by itself{since} ({states})"
            : $"{head}; {(hosts.Length == 1 ? "it" : "none")} logged a line runbooks warn about or exited{since} ({states}). "
              + "EtcdLab records the lines runbooks warn about (cluster ID mismatch, removed member, panics) and the texts etcd exits with";
    }
}
