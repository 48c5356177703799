using EtcdLab.Core.Checkers;
using EtcdLab.Core.Recording;
using EtcdLab.Core.Running;
using EtcdLab.Core.Scenarios;
using EtcdLab.Core.Targets;

namespace EtcdLab.Scenarios.Tests;

/// <summary>
/// The conformance spec every target must pass, in the manner of Akka.Persistence.TCK: the same
/// facts, subclassed once per target. Each procedure P1-P8 passes with every invariant promised
/// and holding, each conformance scenario with every invariant it promises holding; each mutant is
/// flagged by the checkers it names in <c>breaks:</c>.
/// </summary>
public abstract class ScenarioSpec
{
    /// <summary>A fresh target (it places the scenario's hosts itself).</summary>
    protected abstract Task<IClusterTarget> CreateTargetAsync();

    protected Task<(Scenario Scenario, RunResult Result, IReadOnlyList<InvariantVerdict> Verdicts)> RunAsync(string file, ulong seed = 1) =>
        RunAsync(ScenarioFiles.Load(file), seed);

    protected async Task<(Scenario Scenario, RunResult Result, IReadOnlyList<InvariantVerdict> Verdicts)> RunAsync(Scenario scenario, ulong seed = 1)
    {
        var target = await CreateTargetAsync();
        await using (target)
        {
            var result = await new ScenarioRunner(target, new RunRecorder(), RunOptions.For($"test-{scenario.Name}-{Guid.NewGuid():N}"[..40], seed))
                .RunAsync(scenario, CancellationToken.None);
            return (scenario, result, InvariantCheckers.Check(result.Events));
        }
    }

    /// <summary>What a failure report needs: every process exit, every warning members logged, and the last observation.</summary>
    private static string Diagnose(RunResult result)
    {
        var lines = new List<string>();
        foreach (var e in result.Events)
        {
            if (e is Core.Events.ProcessExited x) lines.Add($"  step {x.Step} at {x.At}: {x.Host} exited ({x.ExitCode}): {x.Error}");
            if (e is Core.Events.MemberLogged m) lines.Add($"  step {m.Step} at {m.At}: {m.Host} logged {m.Text}");
        }
        if (result.Events.OfType<Core.Events.ClusterObserved>().LastOrDefault() is { } last)
            lines.Add($"  last observation (step {last.Step} at {last.At}): {ClusterExpectations.Summary(last.Observation)}");
        return string.Join("\n", lines);
    }

    [Theory]
    [MemberData(nameof(ScenarioFiles.Procedures), MemberType = typeof(ScenarioFiles))]
    public virtual async Task Procedure_should_pass_with_every_promised_invariant(string file)
    {
        var (scenario, result, verdicts) = await RunAsync(file);
        Assert.True(result.StepsPassed, $"{scenario.Name}: step {result.FailedStep} failed: {result.Failure}\n{Diagnose(result)}");
        var broken = verdicts.Where(v => v.FailsRun).Select(v => $"{v.Id}: {v.Violations[0].Message}").ToArray();
        Assert.True(broken.Length == 0, $"{scenario.Name} broke: {string.Join(" | ", broken)}\n{Diagnose(result)}");
        Assert.Equal(InvariantIds.All.Count, verdicts.Count(v => v.Promised));
    }

    [Theory]
    [MemberData(nameof(ScenarioFiles.Conformance), MemberType = typeof(ScenarioFiles))]
    public virtual async Task Conformance_scenario_should_pass_with_every_promised_invariant(string file)
    {
        var (scenario, result, verdicts) = await RunAsync(file);
        Assert.Equal(Path.GetFileNameWithoutExtension(file), scenario.Name);
        Assert.True(result.StepsPassed, $"{scenario.Name}: step {result.FailedStep} failed: {result.Failure}\n{Diagnose(result)}");
        var broken = verdicts.Where(v => v.FailsRun).Select(v => $"{v.Id}: {v.Violations[0].Message}").ToArray();
        Assert.True(broken.Length == 0, $"{scenario.Name} broke: {string.Join(" | ", broken)}\n{Diagnose(result)}");
        Assert.Contains(verdicts, v => v.Promised);
    }

    [Theory]
    [MemberData(nameof(ScenarioFiles.Mutants), MemberType = typeof(ScenarioFiles))]
    public virtual async Task Mutant_should_be_flagged_by_the_checkers_it_names(string file)
    {
        var (scenario, _, verdicts) = await RunAsync(file);
        Assert.NotEmpty(scenario.Breaks);
        foreach (var id in scenario.Breaks)
        {
            var verdict = verdicts.Single(v => v.Id == id);
            Assert.True(verdict.Promised, $"{scenario.Name} does not promise {id}");
            Assert.True(verdict.Status == VerdictStatus.Broken, $"{scenario.Name} should break {id}, but it {InvariantVerdict.Describe(verdict.Status)}: {verdict.NotApplicableBecause}");
        }
    }

    /// <summary>One member, then <paramref name="steps"/>: the shortest run that shows how a step fails.</summary>
    protected static Scenario OneMember(string steps) => ScenarioLoader.Parse($"""
        scenario: one-member
        procedure: P0
        cluster:
          hosts:
            m1: 127.0.1.1
        steps:
        {steps}
        """, "one-member.yaml");

    [Fact]
    public virtual async Task Expect_log_should_fail_naming_the_pattern_the_host_and_what_it_logged()
    {
        var (_, result, _) = await RunAsync(OneMember("""
              - expect-log: 'tocommit(*) is out of range'
                on: m1
                within: 1s
            """));
        Assert.Equal(1, result.FailedStep);
        Assert.StartsWith("m1 logged no line matching 'tocommit(*) is out of range' within 1s; m1 logged no line runbooks warn about and it did not exit", result.Failure);
        Assert.Contains("m1 running", result.Failure);
    }

    [Fact]
    public virtual async Task Backup_data_should_refuse_a_running_member_unless_live_and_copy_it_live()
    {
        var (_, result, _) = await RunAsync(OneMember("""
              - backup-data: m1
                live: true
                to: /var/lib/live-copy
              - backup-data: m1
            """));
        var copied = Assert.Single(result.Events.OfType<Core.Events.DirectoryCopied>());
        Assert.Equal((true, true, "/var/lib/live-copy"), (copied.FromDataDir, copied.Live, copied.To));
        Assert.Equal(2, result.FailedStep);
        Assert.Contains("write `live: true` on the step", result.Failure);
    }

    [Fact]
    public virtual async Task Etcdctl_should_refuse_a_TLS_file_its_host_does_not_have_as_etcdctl_does()
    {
        // etcdctl 3.4.23 reads --cert, --key, then --cacert before it dials; exit 128 for a missing one.
        var (_, result, _) = await RunAsync(OneMember("""
              - certificate-authority: etcd-signer
                on: m1
                cert: /etc/etcd/ca.crt
                key: /etc/etcd/ca.key
              - etcdctl: --cacert=/etc/etcd/ca.crt member list
                on: m1
              - etcdctl: --cacert=/etc/etcd/missing.crt member list
                on: m1
                expect:
                  error: "open /etc/etcd/missing.crt: no such file or directory"
                  exit: 128
            """));
        Assert.True(result.StepsPassed, result.Failure);
        var issued = Assert.Single(result.Events.OfType<Core.Events.CertificateIssued>());
        Assert.Equal(("etcd-signer", "/etc/etcd/ca.crt", true), (issued.Subject, issued.CertPath, issued.IsAuthority));
    }
}
