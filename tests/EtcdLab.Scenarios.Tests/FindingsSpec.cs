using System.Globalization;
using System.Text.RegularExpressions;
using EtcdLab.Core.Checkers;
using EtcdLab.Core.Faults;
using EtcdLab.Core.Recording;
using EtcdLab.Core.Running;
using EtcdLab.Core.Targets;
using EtcdLab.Driver;
using EtcdLab.Sim;

namespace EtcdLab.Scenarios.Tests;

/// <summary>Every kept finding (findings/*.faults.yaml) still breaks what it names, within the
/// failures the cluster should tolerate, on both targets: a weakness of a runbook stays visible until
/// the runbook changes.</summary>
public abstract partial class FindingsSpec
{
    protected abstract Task<IClusterTarget> CreateTargetAsync();

    /// <summary>How many runs a finding gets to show itself: on real etcd a fault's timing against the
    /// procedure's retries varies from run to run, so a finding must show in one of them.</summary>
    protected virtual int Attempts => 1;

    public static TheoryData<string> Findings()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(ScenarioFiles.RepoRoot, "findings"), "*.faults.yaml").Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(ScenarioFiles.RepoRoot, f));
        return data;
    }

    [GeneratedRegex(@"^# (scenario-file|seed|breaks): (.+)$", RegexOptions.Multiline)]
    private static partial Regex Header();

    [Theory]
    [MemberData(nameof(Findings))]
    public async Task Finding_should_still_break_what_it_names_within_tolerance(string file)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(ScenarioFiles.RepoRoot, file));
        var header = Header().Matches(text).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim());
        var scenario = ScenarioFiles.Load(header["scenario-file"]);
        var schedule = FaultScheduleFile.Parse(text, file, scenario);
        var seed = ulong.Parse(header["seed"], CultureInfo.InvariantCulture);

        var expected = header["breaks"].Split(',', StringSplitOptions.TrimEntries);
        var runs = new List<string>();
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            await using var target = await CreateTargetAsync();
            var result = await new ScenarioRunner(target, new RunRecorder(), RunOptions.For($"finding-{Guid.NewGuid():N}"[..20], seed) with { Faults = schedule })
                .RunAsync(scenario, CancellationToken.None);
            var verdict = FaultVerdict.Of(result.Events, InvariantCheckers.Check(result.Events));
            var within = verdict?.Failures.Where(f => f.Tolerance == FaultTolerance.Within).Select(f => f.Failure).ToHashSet() ?? [];
            if (expected.All(within.Contains)) return;
            runs.Add($"run {attempt}: within tolerance {string.Join(", ", within)}; every failure: {string.Join(" | ", verdict?.Failures ?? [])}\n"
                     + string.Join("\n", result.Events.Where(e => e is Core.Events.FaultInjected or Core.Events.FaultUndone or Core.Events.StepFinished).Select(e => $"  {e.At} {e}")));
        }
        Assert.Fail($"{file}: expected {string.Join(", ", expected)} broken within tolerance in one of {Attempts} run(s)\n{string.Join("\n", runs)}");
    }
}

/// <summary>The findings on the simulator.</summary>
public sealed class SimFindingsSpec : FindingsSpec
{
    protected override Task<IClusterTarget> CreateTargetAsync() => Task.FromResult<IClusterTarget>(new SimulatedClusterTarget());
}

/// <summary>The findings on real etcd 3.4 in Docker.</summary>
[Trait("Category", "Docker")]
[Collection("docker")]
public sealed class DockerFindingsSpec : FindingsSpec
{
    protected override async Task<IClusterTarget> CreateTargetAsync() => await DockerClusterTarget.CreateAsync();

    protected override int Attempts => 2;
}
