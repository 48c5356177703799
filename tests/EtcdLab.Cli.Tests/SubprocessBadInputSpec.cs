using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace EtcdLab.Cli.Tests;

/// <summary>
/// The inputs that used to kill the process (a stack overflow cannot be caught in-process) or take
/// minutes, run through the real <c>etcdlab</c> in a child process with stdout and stderr piped, as
/// a script would run it. The child is killed after 60 s; the 10 s bound on its wall time only
/// guards against exponential work (a cold start of etcdlab takes about 1-2 s here).
/// </summary>
public sealed class SubprocessBadInputSpec(ITestOutputHelper log) : IDisposable
{
    private static readonly TimeSpan Kill = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("etcdlab-subprocess-");

    public void Dispose() => _dir.Delete(recursive: true);

    private sealed record Outcome(int Exit, string Output, string Errors, TimeSpan Wall);

    private async Task<Outcome> EtcdlabAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "etcdlab.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(Kill);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"etcdlab {string.Join(' ', args)} still ran after {Kill.TotalSeconds:0} s and was killed");
        }
        var outcome = new Outcome(process.ExitCode, await output, await errors, clock.Elapsed);
        log.WriteLine($"etcdlab {string.Join(' ', args)}: exit {outcome.Exit} after {outcome.Wall.TotalMilliseconds:0} ms\n{outcome.Errors}");
        return outcome;
    }

    private static void AssertRefusedQuickly(Outcome outcome, string file, string position, string message)
    {
        Assert.True(outcome.Exit == 2, $"exit {outcome.Exit}\n{outcome.Output}\n{outcome.Errors}");
        Assert.Equal("", outcome.Output);
        Assert.Contains($"error: {file}:{position}: ", outcome.Errors);
        Assert.Contains(message, outcome.Errors);
        Assert.DoesNotContain("   at ", outcome.Errors);
        Assert.True(outcome.Wall < Bound, $"took {outcome.Wall}");
    }

    [Fact]
    public async Task Yaml_nested_50000_deep_should_exit_2_within_10_seconds_instead_of_overflowing_the_stack()
    {
        var file = Path.Combine(_dir.FullName, "deep.yaml");
        await File.WriteAllTextAsync(file, "scenario: deep\nsteps: " + new string('[', 50_000) + new string(']', 50_000) + "\n");
        var outcome = await EtcdlabAsync("run", file, "--reports", Path.Combine(_dir.FullName, "reports"));
        AssertRefusedQuickly(outcome, file, "2:71", "nested more than 64 levels deep");
        Assert.False(Directory.Exists(Path.Combine(_dir.FullName, "reports")));
    }

    [Fact]
    public async Task An_alias_bomb_used_as_a_mapping_key_should_exit_2_within_10_seconds()
    {
        var file = Path.Combine(_dir.FullName, "bomb.yaml");
        var bomb = new StringBuilder("a0: &a0 [x, x]\n");
        for (var i = 1; i <= 30; i++) bomb.Append($"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]\n");
        bomb.Append("? *a30\n: boom\n");
        await File.WriteAllTextAsync(file, bomb.ToString());
        var outcome = await EtcdlabAsync("run", file, "--reports", Path.Combine(_dir.FullName, "reports"));
        AssertRefusedQuickly(outcome, file, "1:5", "anchors (&name) and aliases (*name) are not part of the scenario language");
    }

    [Theory]
    [InlineData("urls", "192.0.2.1 is outside 127.0.0.0/8")]
    [InlineData("unclosed-variables", "a '${' without its closing '}'")]
    public async Task A_mebibyte_value_should_be_judged_within_10_seconds(string kind, string message)
    {
        var file = Path.Combine(_dir.FullName, $"{kind}.yaml");
        var value = new StringBuilder(kind == "urls" ? "endpoint health --endpoints=" : "member list ");
        var unit = kind == "urls" ? "http://127.0.1.1:2379," : "${";
        while (value.Length + unit.Length < 1_048_000) value.Append(unit);
        if (kind == "urls") value.Append("http://192.0.2.1:2379");
        await File.WriteAllTextAsync(file, $"scenario: {kind}\nprocedure: P1\ncluster:\n  hosts: {{m1: 127.0.1.1}}\nsteps:\n  - etcdctl: {value}\n    on: m1\n");
        var outcome = await EtcdlabAsync("run", file, "--reports", Path.Combine(_dir.FullName, "reports"));
        // The value starts at column 14 ("  - etcdctl: "); a mistake inside it is reported at its own column.
        var column = 14 + value.ToString().IndexOf(kind == "urls" ? "192.0.2.1" : "${", StringComparison.Ordinal);
        AssertRefusedQuickly(outcome, file, $"6:{column}", message);
    }

    [Fact]
    public async Task Errors_should_not_wrap_when_stderr_is_a_pipe()
    {
        var deep = Path.Combine(_dir.FullName, "a-folder-with-a-name-long-enough-to-pass-eighty-columns", "and-another-one-below-it");
        Directory.CreateDirectory(deep);
        var file = Path.Combine(deep, "unclosed.yaml");
        await File.WriteAllTextAsync(file, "scenario: unclosed\nprocedure: P1\ncluster:\n  hosts: {m1: 127.0.1.1}\npromises:\n  final-members: [m1\nsteps:\n  - kill: m1\n");
        var outcome = await EtcdlabAsync("run", file, "--reports", Path.Combine(_dir.FullName, "reports"));
        var line = Assert.Single(outcome.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(line.Length > 120, line);
        Assert.StartsWith($"error: {file}:6:18: not valid YAML: this '[' is never closed", line);
        Assert.Equal(2, outcome.Exit);
    }
}
