using System.Text.RegularExpressions;
using EtcdLab.Core.Etcdctl;
using EtcdLab.Core.Events;
using EtcdLab.Core.Scenarios;

namespace EtcdLab.Core.Running;

public sealed partial class ScenarioRunner
{
    // v3 simple ("8e9e05c52164694d, started, m1, ...") and v2 ("8e9e05c52164694d: name=m1 ..." or
    // "8e9e05c52164694d[unstarted]: peerURLs=...") rows of member list.
    private static readonly Regex MemberListRow = new(@"^[0-9a-f]+(, (started|unstarted), |: name=|\[unstarted\]: peerURLs=)", RegexOptions.Multiline | RegexOptions.Compiled);

    /// <summary>Runs the command (again, when the step retries, as an operator would until the
    /// expectation holds or the retry time is up), then captures variables from the last output.</summary>
    private async Task<StepOutcome> EtcdctlAsync(EtcdctlStep step, CancellationToken ct)
    {
        var host = Host(step.Host);
        var deadline = _target.Now + (step.RetryFor ?? TimeSpan.Zero);
        var attempts = 0;
        while (true)
        {
            attempts++;
            var commandLine = Substitute(step.CommandLine);
            EtcdctlInvocation invocation;
            try
            {
                invocation = EtcdctlParser.Parse(commandLine);
            }
            catch (EtcdctlSyntaxException syntax)
            {
                return StepOutcome.Fail($"with its variables filled in, the command is not one etcdctl takes: {syntax.Message}", attempts);
            }
            _recorder.Record(new CommandIssued(host.Name, invocation.Argv));
            var output = await _etcdctl.RunAsync(host.Name, host.ClientUrl, invocation, ct);
            _recorder.Record(new CommandAnswered(host.Name, output.ExitCode, output.Stdout, output.Stderr));

            var expect = step.Expect with
            {
                Error = step.Expect.Error is { } e ? Substitute(e) : null,
                Output = step.Expect.Output.Select(Substitute).ToArray(),
            };
            var problem = Unmet(expect, output) ?? CaptureAll(step, output);
            if (problem is null) return StepOutcome.Pass(attempts);
            if (_target.Now + _options.RetryInterval > deadline)
                return StepOutcome.Fail(attempts > 1 ? $"{problem} (after {attempts} attempts in {Durations.Format(step.RetryFor!.Value)})" : problem, attempts);
            await _target.DelayAsync(_options.RetryInterval, ct);
        }
    }

    /// <summary>Why <paramref name="output"/> misses <paramref name="expect"/>, or null when it meets it.</summary>
    internal static string? Unmet(CommandExpectation expect, EtcdctlOutput output)
    {
        var printed = output.Error is { } err ? $"Error: {err}" : $"exit code {output.ExitCode}";
        if (expect.Error is { } error)
        {
            if (output.ExitCode == 0) return $"expected the error '{error}', but the command succeeded";
            if (!output.Stderr.Contains(error, StringComparison.Ordinal)) return $"expected the error '{error}', got {printed}";
        }
        else if (expect.ExitCode is { } code)
        {
            if (output.ExitCode != code) return $"expected exit code {code}, got {printed}";
        }
        else if (output.ExitCode != 0)
        {
            return $"expected success, got {printed}";
        }
        foreach (var text in expect.Output)
            if (!output.Stdout.Contains(text, StringComparison.Ordinal))
                return $"expected the output to contain '{text}'";
        if (expect.Members is { } members)
        {
            var listed = MemberListRow.Matches(output.Stdout).Count;
            if (listed != members) return $"expected {members} members in the list, it shows {listed}";
        }
        return null;
    }

    private string? CaptureAll(EtcdctlStep step, EtcdctlOutput output)
    {
        var values = new List<(string, string)>();
        foreach (var capture in step.Captures)
        {
            Match match;
            try
            {
                match = capture.Pattern.Match(output.Stdout);
            }
            catch (RegexMatchTimeoutException)
            {
                return $"capture {capture.Name}: /{capture.Pattern}/ took more than {Durations.Format(Scenarios.Capture.MatchTimeout)} on the output; simplify the pattern";
            }
            if (!match.Success) return $"capture {capture.Name}: /{capture.Pattern}/ matches nothing in the output";
            values.Add((capture.Name, match.Groups[1].Value));
        }
        foreach (var (name, value) in values)
        {
            _captured[name] = value;
            _recorder.Record(new VariableCaptured(name, value));
        }
        return null;
    }
}
