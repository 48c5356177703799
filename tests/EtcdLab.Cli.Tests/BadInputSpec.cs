using System.Diagnostics;
using System.Text.RegularExpressions;
using EtcdLab.Cli.Running;
using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Scenarios;
using Xunit.Abstractions;

namespace EtcdLab.Cli.Tests;

/// <summary>
/// Bad input, tried as a new user would: every case named in issue 6 (checked in under BadInputs/,
/// or made here when it is no file one would check in), and a few hundred seeded mutations of the
/// real scenarios. Each must exit 2 with what is wrong on stderr (at <c>file:line:column</c> for a
/// scenario mistake), print nothing on stdout, show no stack frame, and leave nothing under --reports.
/// </summary>
[Collection("environment")]
public sealed partial class BadInputSpec(ITestOutputHelper log)
{
    [GeneratedRegex(@"^\s+at \S", RegexOptions.Multiline)]
    private static partial Regex StackFrame();

    private static string BadInputs => Path.Combine(CliHarness.RepoRoot, "tests", "EtcdLab.Cli.Tests", "BadInputs");

    /// <summary>Asserts what every refusal looks like and returns stderr.</summary>
    private static string AssertRefused(CliHarness cli, CliResult result)
    {
        Assert.True(result.Exit == 2, $"exit {result.Exit}\nstdout:\n{result.Output}\nstderr:\n{result.Errors}");
        Assert.Equal("", result.Output);
        Assert.StartsWith("error: ", result.Errors);
        Assert.DoesNotMatch(StackFrame(), result.All);
        Assert.False(Directory.Exists(cli.Reports) && Directory.EnumerateFileSystemEntries(cli.Reports).Any(),
            $"{cli.Reports} holds {string.Join(", ", Directory.Exists(cli.Reports) ? Directory.EnumerateFileSystemEntries(cli.Reports, "*", SearchOption.AllDirectories) : [])}");
        return result.Errors;
    }

    public static TheoryData<string> CheckedIn()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(BadInputs, "*.yaml").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(CheckedIn))]
    public async Task A_checked_in_bad_scenario_should_exit_2_with_its_position_and_what_is_wrong(string name)
    {
        var file = Path.Combine(BadInputs, name);
        var expect = Regex.Match(File.ReadLines(file).First(), @"^# expect: (?<at>\d+:\d+): (?<text>.+)$");
        Assert.True(expect.Success, $"{name}: its first line must say '# expect: <line>:<column>: <text>'");
        using var cli = new CliHarness();
        var errors = AssertRefused(cli, await cli.RunAsync("run", file, "--reports", cli.Reports));
        Assert.Contains($"{file}:{expect.Groups["at"].Value}: ", errors);
        Assert.Contains(expect.Groups["text"].Value, errors);
    }

    [Fact]
    public async Task A_symbolic_link_loop_should_exit_2_naming_the_path()
    {
        using var cli = new CliHarness();
        var dir = Directory.CreateTempSubdirectory("etcdlab-bad-");
        try
        {
            var a = Path.Combine(dir.FullName, "a.yaml");
            File.CreateSymbolicLink(a, Path.Combine(dir.FullName, "b.yaml"));
            File.CreateSymbolicLink(Path.Combine(dir.FullName, "b.yaml"), a);
            var errors = AssertRefused(cli, await cli.RunAsync("run", a, "--reports", cli.Reports));
            Assert.Contains($"{a} is a symbolic link that leads to no file", errors);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("folder", "is a folder, not a scenario file")]
    [InlineData("empty", "is empty, or not a regular file")]
    [InlineData("too-big", "a scenario file is at most 1024 KiB")]
    [InlineData("latin-1", "not UTF-8 text")]
    public async Task A_scenario_path_that_is_no_readable_scenario_should_exit_2_naming_it(string kind, string message)
    {
        using var cli = new CliHarness();
        var dir = Directory.CreateTempSubdirectory("etcdlab-bad-");
        try
        {
            var path = Path.Combine(dir.FullName, kind + ".yaml");
            switch (kind)
            {
                case "folder": Directory.CreateDirectory(path); break;
                case "empty": await File.WriteAllTextAsync(path, ""); break;
                case "too-big": await File.WriteAllTextAsync(path, new string('#', ScenarioLoader.MaxFileBytes + 1)); break;
                default: await File.WriteAllBytesAsync(path, [.. "scenario: latin-1\n# caf"u8, 0xE9, (byte)'\n']); break;
            }
            var errors = AssertRefused(cli, await cli.RunAsync("run", path, "--reports", cli.Reports));
            Assert.Contains(path, errors);
            Assert.Contains(message, errors);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Reports_that_is_a_file_should_exit_2_and_leave_it_alone()
    {
        using var cli = new CliHarness();
        Directory.CreateDirectory(cli.Reports);
        var file = Path.Combine(cli.Reports, "a-file");
        await File.WriteAllTextAsync(file, "mine");
        foreach (var reports in new[] { file, Path.Combine(file, "below") })
        {
            var result = await cli.RunAsync("run", CliHarness.Scenario("scenarios/replace-failed-member.yaml"), "--reports", reports, "--store", "none");
            Assert.True(result.Exit == 2, result.All);
            Assert.Contains($"--reports {reports}:", result.Errors);
            Assert.DoesNotMatch(StackFrame(), result.All);
        }
        Assert.Equal("mine", await File.ReadAllTextAsync(file));
        Assert.Equal([file], Directory.GetFileSystemEntries(cli.Reports));
    }

    [Theory]
    [InlineData("tcp://[bad", "is not a URL")]
    [InlineData("docker.sock", "is not a URL")]
    [InlineData("unix://var/run/docker.sock", "names no absolute socket path")]
    [InlineData("ssh://builder@127.0.0.1", "not ssh://")]
    public async Task A_malformed_docker_host_should_exit_2_saying_what_it_must_look_like(string value, string message)
    {
        using var cli = new CliHarness();
        var previous = Environment.GetEnvironmentVariable("DOCKER_HOST");
        Environment.SetEnvironmentVariable("DOCKER_HOST", value);
        try
        {
            var result = await cli.RunAsync("run", CliHarness.Scenario("scenarios/replace-failed-member.yaml"), "--target", "docker", "--reports", cli.Reports, "--store", "none");
            Assert.True(result.Exit == 2, result.All);
            Assert.Contains($"DOCKER_HOST='{value}'", result.Errors);
            Assert.Contains(message, result.Errors);
            Assert.Contains("DOCKER_HOST must be unix:///", result.Errors);
            Assert.DoesNotMatch(StackFrame(), result.All);
            Assert.Empty(cli.RunFolders());
        }
        finally
        {
            Environment.SetEnvironmentVariable("DOCKER_HOST", previous);
        }
    }

    [Fact]
    public async Task Check_on_a_broken_events_file_should_exit_2_naming_file_and_line()
    {
        using var cli = new CliHarness();
        var run = await cli.RunAsync("run", CliHarness.Scenario("scenarios/replace-failed-member.yaml"), "--seed", "5", "--reports", cli.Reports, "--store", "none");
        Assert.True(run.Exit == 0, run.All);
        var events = Path.Combine(Assert.Single(cli.RunFolders()), "events.jsonl");
        var lines = await File.ReadAllLinesAsync(events);
        var broken = new (string Name, string Text, int Line, string Message)[]
        {
            ("every line twice", string.Concat(lines.Concat(lines).Select(l => l + "\n")), lines.Length + 1, "a second run-started event"),
            ("one line twice", string.Concat(lines.Take(10).Append(lines[9]).Concat(lines.Skip(10)).Select(l => l + "\n")), 11, "lines are repeated or out of order"),
            ("a line lost", string.Concat(lines.Where((_, i) => i != 4).Select(l => l + "\n")), 5, "event 5 is missing"),
            ("the first line lost", string.Concat(lines.Skip(1).Select(l => l + "\n")), 1, "not run-started"),
            ("the last line cut", string.Concat(lines.Select(l => l + "\n"))[..^7], lines.Length, "the last line is cut off"),
        };
        var tried = 0;
        foreach (var (name, text, line, message) in broken)
        {
            var file = Path.Combine(cli.Reports, name.Replace(' ', '-') + ".jsonl");
            await File.WriteAllTextAsync(file, text);
            var result = await cli.RunAsync("check", file);
            tried++;
            Assert.True(result.Exit == 2, $"{name}: {result.All}");
            Assert.Contains($"{file}:{line}: ", result.Errors);
            Assert.Contains(message, result.Errors);
            Assert.DoesNotMatch(StackFrame(), result.All);
        }
        log.WriteLine($"{tried} broken events files: each exit 2");
    }

    [Fact]
    public async Task Parse_errors_should_go_to_stderr()
    {
        using var cli = new CliHarness();
        var result = await cli.RunAsync("run", "--seed", "not-a-number");
        Assert.Equal(2, result.Exit);
        Assert.Equal("", result.Output);
        Assert.Contains("error: ", result.Errors);
        Assert.Contains("etcdlab --help", result.Errors);
    }

    /// <summary>A target factory that fails as a bug would.</summary>
    private sealed class BrokenTargets : ITargetFactory
    {
        public IReadOnlyList<string> Kinds { get; } = ["sim"];

        public Task<Core.Targets.IClusterTarget> CreateAsync(string kind, int? slot, CancellationToken ct) =>
            throw new InvalidOperationException("the target factory broke\non two lines");
    }

    [Fact]
    public async Task An_unexpected_exception_should_exit_3_with_one_line_and_the_stack_trace_in_a_file()
    {
        using var cli = new CliHarness();
        var result = await cli.RunAsync(new BrokenTargets(), "run", CliHarness.Scenario("scenarios/replace-failed-member.yaml"), "--reports", cli.Reports, "--store", "none");
        Assert.Equal(3, result.Exit);
        Assert.DoesNotMatch(StackFrame(), result.All);
        var lines = result.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("internal error: System.InvalidOperationException: the target factory broke on two lines", lines[0]);
        var trace = Regex.Match(lines[1], @"the stack trace is in (?<file>\S+) \(").Groups["file"].Value;
        try
        {
            Assert.Contains($"at {typeof(BrokenTargets).FullName!.Replace('+', '.')}.CreateAsync", await File.ReadAllTextAsync(trace));
        }
        finally
        {
            File.Delete(trace);
        }
        Assert.Empty(cli.RunFolders());
    }

    [Fact]
    public async Task Seeded_mutations_of_every_scenario_should_load_or_exit_2_at_their_position()
    {
        const int seed = 20261122;
        const int perFile = 24;
        var dir = Directory.CreateTempSubdirectory("etcdlab-mutants-");
        var files = Directory.GetFiles(Path.Combine(CliHarness.RepoRoot, "scenarios"), "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        var outcomes = new Dictionary<string, int>();
        var slowest = (Time: TimeSpan.Zero, Variant: "");
        try
        {
            var n = 0;
            foreach (var (original, index) in files.Select((f, i) => (f, i)))
            {
                foreach (var (mutation, text) in ScenarioMutator.Variants(await File.ReadAllTextAsync(original), seed + index, perFile))
                {
                    var variant = Path.Combine(dir.FullName, $"{n++:0000}-{mutation}", Path.GetFileName(original));
                    Directory.CreateDirectory(Path.GetDirectoryName(variant)!);
                    await File.WriteAllTextAsync(variant, text);
                    var what = $"{Path.GetRelativePath(CliHarness.RepoRoot, original)} with {mutation} ({variant})";

                    var clock = Stopwatch.StartNew();
                    Exception? refused = null;
                    try
                    {
                        ScenarioLoader.LoadFile(variant);
                    }
                    catch (Exception e)
                    {
                        refused = e;
                    }
                    if (clock.Elapsed > slowest.Time) slowest = (clock.Elapsed, what);
                    Assert.True(refused is null or ScenarioException or InputException, $"{what}: {refused}");
                    if (refused is null)
                    {
                        outcomes["loads (exit 0 or 1 when run)"] = outcomes.GetValueOrDefault("loads (exit 0 or 1 when run)") + 1;
                        continue;
                    }

                    using var cli = new CliHarness();
                    var result = await cli.RunAsync("run", variant, "--reports", cli.Reports);
                    var key = $"exit {result.Exit} ({refused.GetType().Name})";
                    outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
                    var errors = AssertRefused(cli, result);
                    if (refused is ScenarioException s) Assert.Contains($"{variant}:{s.Line}:{s.Column}: ", errors);
                    else Assert.Contains(variant, errors);
                }
            }
            log.WriteLine($"{n} mutated scenarios ({ScenarioMutator.Kinds} kinds of mutation, seed {seed}) from {files.Length} files:");
            foreach (var (outcome, count) in outcomes.OrderBy(o => o.Key, StringComparer.Ordinal)) log.WriteLine($"  {count,4}  {outcome}");
            log.WriteLine($"slowest load: {slowest.Time.TotalMilliseconds:0} ms, {slowest.Variant}");
            Assert.Equal(files.Length * perFile, outcomes.Values.Sum());
            Assert.True(outcomes.Keys.Count(k => k.StartsWith("exit 2", StringComparison.Ordinal)) >= 1);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
