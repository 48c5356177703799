using System.Diagnostics;
using Xunit.Abstractions;

namespace EtcdLab.Cli.Tests;

/// <summary>
/// Ctrl-C, SIGTERM and SIGHUP stop a run the same way: it unwinds and cleans up (no half-written
/// folder, no container), says it was interrupted, and exits 128 + the signal's number. Runs the
/// real <c>etcdlab</c> in a child process, as a CI job or a terminal would, and signals it once its
/// run folder is being written. Every wait is bounded.
/// </summary>
public sealed class SignalSpec(ITestOutputHelper log) : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("etcdlab-signal-");

    public void Dispose() => _dir.Delete(recursive: true);

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/> with kill(1), as a shell would.</summary>
    private static async Task<int> SendSignalAsync(int pid, int signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        return kill.ExitCode;
    }

    /// <summary>A run on the simulator that waits a day of virtual time: many seconds of wall time to signal it in.</summary>
    private string LongSimScenario()
    {
        var file = Path.Combine(_dir.FullName, "long-wait.yaml");
        File.WriteAllText(file, """
            scenario: long-wait
            procedure: P1
            cluster:
              hosts: {m1: 127.0.1.1, m2: 127.0.1.2, m3: 127.0.1.3}
            promises:
              final-members: [m1, m2, m3]
            steps:
              - wait: 24h
            """);
        return file;
    }

    private async Task<(int Exit, string Errors, string RunId)> RunAndSignalAsync(int signal, TimeSpan after, params string[] args)
    {
        var reports = Path.Combine(_dir.FullName, "reports");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "etcdlab.dll"));
        foreach (var a in args.Concat(["--reports", reports, "--store", "none"])) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(Bound);
        try
        {
            var runs = Path.Combine(reports, "runs");
            string? partial = null;
            while (partial is null && !process.HasExited)
            {
                await Task.Delay(50, deadline.Token);
                partial = Directory.Exists(runs) ? Directory.GetDirectories(runs, ".*.partial").FirstOrDefault() : null;
            }
            // (The output is awaited only on failure: awaiting it waits for the process to end.)
            if (partial is null) Assert.Fail($"the run never began writing its folder: {await output}{await errors}");
            await Task.Delay(after, deadline.Token);
            if (process.HasExited) Assert.Fail($"the run ended before it was signalled: {await output}");
            Assert.Equal(0, await SendSignalAsync(process.Id, signal));
            await process.WaitForExitAsync(deadline.Token);
            var runId = Path.GetFileName(partial)[1..^".partial".Length];
            log.WriteLine($"signal {signal}: exit {process.ExitCode}\n{await output}\n{await errors}");
            Assert.Empty(Directory.GetDirectories(runs, "*", SearchOption.TopDirectoryOnly));
            return (process.ExitCode, await errors, runId);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    [Theory]
    [InlineData(2, 130, "SIGINT")]
    [InlineData(15, 143, "SIGTERM")]
    [InlineData(1, 129, "SIGHUP")]
    public async Task A_signal_should_stop_a_simulated_run_clean_and_exit_128_plus_its_number(int signal, int exit, string name)
    {
        var result = await RunAndSignalAsync(signal, TimeSpan.FromMilliseconds(300), "run", LongSimScenario());
        Assert.Equal(exit, result.Exit);
        Assert.Contains($"interrupted by {name}: the run was stopped and cleaned up", result.Errors);
        Assert.DoesNotContain("   at ", result.Errors);
    }

    [Fact]
    [Trait("Category", "Docker")]
    public async Task SIGTERM_should_stop_a_docker_run_and_remove_its_containers()
    {
        var result = await RunAndSignalAsync(15, TimeSpan.FromSeconds(2), "run", CliHarness.Scenario("scenarios/replace-failed-member.yaml"), "--target", "docker");
        Assert.Equal(143, result.Exit);
        Assert.Contains("interrupted by SIGTERM", result.Errors);
        var ps = Process.Start(new ProcessStartInfo("docker", ["ps", "-aq", "--filter", $"label=etcdlab.run={result.RunId}"]) { RedirectStandardOutput = true })!;
        var left = await ps.StandardOutput.ReadToEndAsync();
        await ps.WaitForExitAsync();
        Assert.Equal("", left.Trim());
    }
}
