using System.Diagnostics;
using System.Globalization;
using EtcdLab.Core.Events;
using EtcdLab.Core.Targets;
using EtcdLab.Driver.Logs;
using Xunit.Abstractions;

namespace EtcdLab.Driver.Tests;

/// <summary>
/// A flag value etcd refuses: the process exits at once, and the target records etcd's own line and
/// exit code. etcd prints three shapes here: Go's flag package writes a bare line and the usage text
/// and exits 2; <c>embed.Config.Validate</c> failures are a capnslog <c>E</c> line wrapped in
/// <c>error verifying flags, ... See 'etcd --help'.</c> with exit 1; bootstrap errors are a
/// capnslog <c>C</c> line with exit 1. The same texts are the simulator's (EtcdConfigSpec).
/// </summary>
[Trait("Category", "Docker")]
[Collection("docker")]
public sealed class FlagExitSpec(ITestOutputHelper output)
{
    [Theory]
    [InlineData("snapshot-count", "-5", 2, "invalid value \"-5\" for flag -snapshot-count: parse error")]
    [InlineData("strict-reconfig-check", "maybe", 2, "invalid boolean value \"maybe\" for -strict-reconfig-check: parse error")]
    [InlineData("heartbeat-interval", "0", 1, "etcdmain: error verifying flags, --heartbeat-interval must be >0 (set to 0ms). See 'etcd --help'.")]
    [InlineData("initial-cluster", "m4", 1, "etcdmain: error setting up initial cluster: URL scheme must be http, https, unix, or unixs: ")]
    [InlineData("advertise-client-urls", null, 1, "etcdmain: error verifying flags, --advertise-client-urls is required when --listen-client-urls is set explicitly. See 'etcd --help'.")]
    public async Task A_refused_flag_value_should_exit_with_etcds_line_and_code(string flag, string? value, int code, string line)
    {
        await using var run = await DockerRun.CreateAsync(hosts: 1);
        var recordedAt = new TaskCompletionSource<DateTime>(TaskCreationOptions.RunContinuationsAsynchronously);
        run.Recorder.Subscribe(e =>
        {
            if (e is ProcessExited) recordedAt.TrySetResult(DateTime.UtcNow);
        });

        var clock = Stopwatch.StartNew();
        var flags = run.Flags("m1", ["m1"], "new");
        await run.Target.StartAsync("m1", value is null ? flags.Without(flag) : flags.With(flag, value), run.Ct);
        var startReturned = clock.Elapsed;
        var exited = await run.WaitForEventAsync<ProcessExited>(e => e.Host == "m1");
        var eventAt = await recordedAt.Task;

        Assert.Equal(line, exited.Error);
        Assert.Equal(code, exited.ExitCode);
        var observed = (await run.Target.ObserveAsync(run.Ct))["m1"];
        Assert.Equal(ProcessState.Exited, observed.Process);
        Assert.Equal(line, observed.ExitError);

        // The figures for the report: how long etcd lived, and how soon the target noticed its exit.
        var inspect = await run.Cluster.Engine.Client.Containers.InspectContainerAsync(run.Cluster["m1"].ContainerId!, run.Ct);
        var started = DockerTime(inspect.State.StartedAt);
        var finished = DockerTime(inspect.State.FinishedAt);
        output.WriteLine($"--{flag}={value ?? "(unset)"}: exit {exited.ExitCode}: {exited.Error}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"start call {startReturned.TotalMilliseconds:0} ms; etcd lived {(finished - started).TotalMilliseconds:0} ms; "
            + $"exit to ProcessExited {(eventAt - finished).TotalMilliseconds:0} ms; start call returned to ProcessExited {(exited.At - startReturned).TotalMilliseconds:0} ms (target clock)"));
    }

    private static DateTime DockerTime(object value) =>
        value is DateTime t ? t.ToUniversalTime() : DateTime.Parse(value.ToString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
}

public sealed class GoFlagErrorLineSpec
{
    [Theory]
    [InlineData("invalid value \"-5\" for flag -snapshot-count: parse error")]
    [InlineData("invalid value \"18446744073709551616\" for flag -snapshot-count: value out of range")]
    [InlineData("invalid boolean value \"maybe\" for -force-new-cluster: parse error")]
    [InlineData("invalid value \"bad\" for flag -initial-cluster-state: invalid value")]
    [InlineData("invalid value \"127.0.5.1:2380\" for flag -listen-peer-urls: parse \"127.0.5.1:2380\": first path segment in URL cannot contain colon")]
    [InlineData("flag provided but not defined: -snapshot-counts")]
    public void Go_flag_package_errors_should_parse_as_fatal_lines(string raw)
    {
        var line = EtcdLogLine.Parse(raw);
        Assert.Equal("FATAL", line.Level);
        Assert.Equal(raw, line.Text);
        Assert.True(line.IsFatalOrError);
        Assert.Null(line.Kind);
    }

    [Theory]
    [InlineData("Usage:")]
    [InlineData("  etcd [flags]")]
    [InlineData("[WARNING] Deprecated '--logger=capnslog' flag is set; use '--logger=zap' flag instead")]
    public void Usage_text_and_notices_should_stay_plain(string raw)
    {
        var line = EtcdLogLine.Parse(raw);
        Assert.Null(line.Level);
        Assert.False(line.IsFatalOrError);
        Assert.False(line.EndsProcess);
    }

    [Fact]
    public void Etcdmains_flag_verification_error_should_end_the_process_and_its_advice_should_not()
    {
        var error = EtcdLogLine.Parse("2026-12-02 05:33:24.186411 E | etcdmain: error verifying flags, --advertise-client-urls is required when --listen-client-urls is set explicitly. See 'etcd --help'.");
        var advice = EtcdLogLine.Parse("2026-12-02 05:33:24.186448 E | etcdmain: When listening on specific address(es), this etcd process must advertise accessible url(s) to each connected client.");
        Assert.True(error.EndsProcess);
        Assert.False(advice.EndsProcess);
        Assert.True(advice.IsFatalOrError);
    }
}
